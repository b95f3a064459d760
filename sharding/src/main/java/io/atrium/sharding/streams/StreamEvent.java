package io.atrium.sharding.streams;

import io.atrium.persistence.serialization.CborSerializable;

/** What a stream's journal holds. */
public sealed interface StreamEvent extends CborSerializable {

  /** One accepted request: all of its events, in request order. */
  record Appended(EventBatch batch) implements StreamEvent {}
}
