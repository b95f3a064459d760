package io.atrium.sharding.records;

import io.atrium.persistence.serialization.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One record: its value ({@code null} when absent or deleted), its version (never goes back) and the
 * idempotency keys of recent writes, so a retried write returns its first result even after the
 * entity was passivated or moved to another node.
 */
public record RecordState(String valueJson, long version, Instant updatedAt, Map<String, Remembered> idempotency)
    implements CborSerializable {

  /** The outcome of an earlier write, kept under its idempotency key. */
  public record Remembered(String fingerprint, long version, Instant at, boolean deleted, boolean created)
      implements CborSerializable {

    RecordReply reply() {
      return deleted ? new RecordReply.Deleted(version) : new RecordReply.Written(version, at, created);
    }
  }

  public static final RecordState EMPTY = new RecordState(null, 0, null, Map.of());

  public boolean exists() {
    return valueJson != null;
  }

  /**
   * The earlier result for this token, a conflict if its key came with another request, or empty
   * when the key is new or its write is not after {@code horizon} (now minus the retention time).
   * Pruning only happens when a later event is applied; on a record nobody wrote to since, an old
   * key is still in the state and must be ignored here.
   */
  Optional<RecordReply> replayOf(IdempotencyToken token, Instant horizon) {
    Remembered earlier = idempotency.get(token.key());
    if (earlier == null || !earlier.at().isAfter(horizon)) {
      return Optional.empty();
    }
    return Optional.of(earlier.fingerprint().equals(token.fingerprint())
        ? earlier.reply()
        : new RecordReply.IdempotencyConflict(token.key()));
  }

  RecordState apply(RecordEvent event, Duration idempotencyRetention) {
    boolean deleted = event instanceof RecordEvent.Deleted;
    String value = event instanceof RecordEvent.Written written ? written.valueJson() : null;
    boolean created = event instanceof RecordEvent.Written written && written.created();
    Map<String, Remembered> remembered = new HashMap<>();
    // Forget keys by event time, not wall-clock time, so replay rebuilds exactly the same state.
    Instant horizon = event.at().minus(idempotencyRetention);
    idempotency.forEach((key, entry) -> {
      if (entry.at().isAfter(horizon)) {
        remembered.put(key, entry);
      }
    });
    event.idempotency().ifPresent(token -> remembered.put(token.key(),
        new Remembered(token.fingerprint(), event.version(), event.at(), deleted, created)));
    return new RecordState(value, event.version(), event.at(), Map.copyOf(remembered));
  }
}
