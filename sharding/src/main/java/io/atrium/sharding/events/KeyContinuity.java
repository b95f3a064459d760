package io.atrium.sharding.events;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every key's publication free of gaps, which the journal tag query alone does not.
 *
 * <p>A crash can tear a write: the event is in the journal but its tag row is not (the client got no
 * answer). The journal plugin writes that tag row when the entity next starts, stamped with the
 * event's original time, which a running query has usually passed by then. A query that has seen the
 * key's earlier events notices the jump and searches for the event; a query that started since (a
 * moved or restarted slice) takes the key's first event it sees as its first and skips the torn one
 * for good. So a slice remembers, per key, the highest sequence number published (in this run, else
 * from {@link Ledger}); on a jump it first publishes the missing events from the key's own journal,
 * and events at or below it (already published before a restart) pass without being sent again.
 *
 * <p>One instance per run of a slice's stream, used only from that stream's stages (not thread-safe).
 */
final class KeyContinuity {

  private static final Logger LOG = LoggerFactory.getLogger(KeyContinuity.class);
  /** Ledger reads in flight while keys are seen for the first time (a restart, a busy slice). */
  static final int LEDGER_READS_IN_FLIGHT = 16;
  private static final long NOT_READ = -1;

  /** Where the slice stored how far each key is published (published_sequence_nrs). */
  interface Ledger {
    /** The highest published sequence number of the key, 0 when none. */
    CompletionStage<Long> highestPublished(String persistenceId);
  }

  /** A key's own journal (currentEventsByPersistenceId). */
  interface Journal {
    /** The key's events {@code from} to {@code to}, both inclusive, in order. */
    Source<EventEnvelope, NotUsed> events(String persistenceId, long from, long to);
  }

  /**
   * A journal event on its way to Kafka.
   *
   * @param commit the tag offset to store once this and everything before it is published; empty for
   *     an event filled in from the key's journal (its tag offset is not known)
   * @param published true: published before (by an earlier run); only its offset goes on
   */
  record Outgoing(EventEnvelope event, Optional<Offset> commit, boolean published) {}

  private record Sighting(EventEnvelope event, long ledger) {}

  private final Ledger ledger;
  private final Journal journal;
  private final Map<String, Long> highest;
  /** Ledger reads of keys not yet at their turn in outgoing(): later events of the key share the read. */
  private final Map<String, CompletionStage<Long>> reading = new HashMap<>();

  /**
   * @param rememberedKeys keys whose highest sequence number stays in memory (least recently seen go
   *     first); more than {@link #LEDGER_READS_IN_FLIGHT} (EventSettings checks), so a key seen in
   *     {@code sighting} is still remembered at its turn in {@code outgoing}
   */
  KeyContinuity(Ledger ledger, Journal journal, int rememberedKeys) {
    this.ledger = ledger;
    this.journal = journal;
    this.highest = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > rememberedKeys;
      }
    };
  }

  /** The tag query's events, in order, with missing events of a key filled in before the event after them. */
  Flow<EventEnvelope, Outgoing, NotUsed> flow() {
    return Flow.<EventEnvelope>create()
        .mapAsync(LEDGER_READS_IN_FLIGHT, this::sighting)
        .flatMapConcat(this::outgoing);
  }

  /** Reads the ledger for a key not seen in this run, unless the event is the key's first. */
  private CompletionStage<Sighting> sighting(EventEnvelope event) {
    // get, not containsKey: it makes the key the most recently seen, so it is not forgotten before outgoing().
    if (event.sequenceNr() == 1 || highest.get(event.persistenceId()) != null) {
      return CompletableFuture.completedFuture(new Sighting(event, NOT_READ));
    }
    return reading.computeIfAbsent(event.persistenceId(), ledger::highestPublished)
        .thenApply(stored -> new Sighting(event, stored));
  }

  private Source<Outgoing, NotUsed> outgoing(Sighting sighting) {
    EventEnvelope event = sighting.event();
    String key = event.persistenceId();
    reading.remove(key);
    long sequenceNr = event.sequenceNr();
    Long seen = highest.get(key);
    long before = seen != null ? seen : Math.max(0, sighting.ledger());
    Outgoing current = new Outgoing(event, Optional.of(event.offset()), sequenceNr <= before);
    highest.put(key, Math.max(before, sequenceNr));
    if (sequenceNr <= before + 1) {
      return Source.single(current);
    }
    LOG.info("Key {}: events {} to {} were not among its journal tag's events; publishing them from the key's journal",
        key, before + 1, sequenceNr - 1);
    // The key's journal must hold every missing event; if it does not (yet), the run fails and its
    // restart tries again, rather than the ledger recording a gap as published.
    long[] expected = {before + 1};
    return journal.events(key, before + 1, sequenceNr - 1)
        .map(missing -> new Outgoing(missing, Optional.empty(), false))
        .concat(Source.single(current))
        .map(outgoing -> {
          checkFill(key, expected[0]++, outgoing.event().sequenceNr());
          return outgoing;
        });
  }

  private static void checkFill(String key, long expected, long actual) {
    if (actual != expected) {
      throw new IllegalStateException(
          "key " + key + ": its journal gave no event " + expected + " (next: " + actual + ") where it was missing");
    }
  }
}
