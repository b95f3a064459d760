package io.atrium.sharding.streams;

import io.atrium.persistence.serialization.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/** What a stream entity is asked to do. */
public sealed interface StreamCommand extends CborSerializable {

  /** Store one request's events durably, as one journal event, and fold them into the aggregates. */
  record Append(EventBatch batch, ActorRef<StreamReply> replyTo) implements StreamCommand {}

  /** The newest {@code last} windows of {@code window} (at most the retained ones) and the all-time summary. */
  record GetStats(WindowSize window, int last, ActorRef<StreamReply> replyTo) implements StreamCommand {

    public GetStats {
      if (last < 1) {
        throw new IllegalArgumentException("last must be positive, was " + last);
      }
    }
  }
}
