package io.atrium.sharding.records;

import io.atrium.persistence.serialization.CborSerializable;
import java.time.Instant;

/** Every outcome a record command can have; the edge maps each to one HTTP status. */
public sealed interface RecordReply extends CborSerializable {

  /** A write was applied (or, for a retried idempotency key, had been applied). */
  record Written(long version, Instant updatedAt, boolean created) implements RecordReply {}

  record Deleted(long version) implements RecordReply {}

  record Current(String valueJson, long version, Instant updatedAt) implements RecordReply {}

  /** The record does not exist (never written, or deleted). */
  record NotFound(long version) implements RecordReply {}

  /** The precondition did not hold; nothing was written. {@code exists} and version describe now. */
  record PreconditionFailed(boolean exists, long currentVersion) implements RecordReply {}

  /** The idempotency key was used before with a different request; nothing was written. */
  record IdempotencyConflict(String key) implements RecordReply {}

  /** The command was well-formed but its result would break a limit (e.g. a patched value too large). */
  record Rejected(boolean tooLarge, String message) implements RecordReply {}
}
