package io.atrium.sharding.records;

import io.atrium.persistence.serialization.CborSerializable;
import java.time.Instant;
import java.util.Optional;

/** What happened to a record; the journal holds these, in order, per record. */
public sealed interface RecordEvent extends CborSerializable {

  Instant at();

  long version();

  Optional<IdempotencyToken> idempotency();

  /** The full new value (also after a patch), so replay needs no patch logic. */
  record Written(String valueJson, long version, Instant at, boolean created,
      Optional<IdempotencyToken> idempotency) implements RecordEvent {}

  record Deleted(long version, Instant at, Optional<IdempotencyToken> idempotency) implements RecordEvent {}
}
