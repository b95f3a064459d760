package io.atrium.sharding.records;

import io.atrium.persistence.serialization.CborSerializable;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/** What a record entity is asked to do. Writes carry their precondition and idempotency token. */
public sealed interface RecordCommand extends CborSerializable {

  /** Replace the value (create if absent). {@code valueJson} is validated, compact JSON. */
  record Put(String valueJson, Precondition precondition, Optional<IdempotencyToken> idempotency,
      ActorRef<RecordReply> replyTo) implements RecordCommand {}

  /** Apply an RFC 7386 JSON merge patch to the existing value. */
  record Patch(String patchJson, Precondition precondition, Optional<IdempotencyToken> idempotency,
      ActorRef<RecordReply> replyTo) implements RecordCommand {}

  /** Remove the value; the version still advances so versions never go back. */
  record Delete(Precondition precondition, Optional<IdempotencyToken> idempotency,
      ActorRef<RecordReply> replyTo) implements RecordCommand {}

  record Get(ActorRef<RecordReply> replyTo) implements RecordCommand {}
}
