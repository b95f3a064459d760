package io.atrium.sharding.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.sharding.events.KeyContinuity.Outgoing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A key's events leave a slice as 1, 2, 3, … whatever the tag query delivers: a torn write's event
 * that the query skipped is filled in from the key's journal, and what an earlier run published
 * passes without being sent again.
 */
class KeyContinuityTest {

  private static final ActorTestKit TEST_KIT = ActorTestKit.create();
  private static final Duration PATIENCE = Duration.ofSeconds(5);
  private static final int REMEMBERED_KEYS = 100;

  /** Ledger contents; every read is recorded. */
  private final Map<String, Long> ledger = new HashMap<>();
  private final List<String> ledgerReads = new CopyOnWriteArrayList<>();
  /** Every key's journal holds events 1..99. */
  private final List<String> journalReads = new CopyOnWriteArrayList<>();
  /** Events ("key:n") the journal does not return. */
  private final Set<String> journalHoles = new HashSet<>();
  private Duration ledgerDelay = Duration.ZERO;

  @AfterAll
  static void shutdown() {
    TEST_KIT.shutdownTestKit();
  }

  @Test
  void aTornEventTheTagQuerySkippedIsFilledInFromTheKeysJournalBeforeTheNextOne() throws Exception {
    List<Outgoing> out = run(REMEMBERED_KEYS, event("a", 1), event("b", 1), event("a", 2), event("a", 4),
        event("b", 2));

    assertEquals(List.of("a1", "b1", "a2", "a3", "a4", "b2"), names(out));
    assertEquals(List.of("a:3-3"), journalReads);
    Outgoing filled = out.get(3);
    assertFalse(filled.commit().isPresent(), "a filled-in event has no tag offset to store");
    assertEquals(Offset.sequence(4), out.get(4).commit().orElseThrow());
    assertEquals(List.of(), ledgerReads, "keys that start at 1 need no ledger read");
  }

  @Test
  void aRestartedSliceFillsFromWhereTheLedgerStandsAndPassesOverWhatWasPublished() throws Exception {
    ledger.put("a", 3L);
    ledger.put("b", 5L);

    List<Outgoing> out = run(REMEMBERED_KEYS, event("a", 5), event("b", 4), event("b", 5), event("b", 6),
        event("a", 6));

    assertEquals(List.of("a4", "a5", "b4", "b5", "b6", "a6"), names(out));
    assertEquals(List.of(false, false, true, true, false, false), out.stream().map(Outgoing::published).toList());
    assertEquals(List.of("a:4-4"), journalReads);
    assertEquals(List.of("a", "b"), ledgerReads, "one ledger read per key and run");
  }

  @Test
  void aKeyWithoutLedgerEntryIsPublishedFromItsFirstEvent() throws Exception {
    List<Outgoing> out = run(REMEMBERED_KEYS, event("a", 3));

    assertEquals(List.of("a1", "a2", "a3"), names(out));
    assertEquals(List.of("a:1-2"), journalReads);
  }

  @Test
  void aForgottenKeyIsReadFromTheLedgerAgainAndALaggingLedgerCostsARepeatNotAGap() throws Exception {
    ledger.put("a", 1L);
    List<EventEnvelope> events = new ArrayList<>();
    events.add(event("a", 2));
    // More new keys than remembered push "a" out; the ledger still says 1 (saved later by the slice).
    LongStream.range(0, 20).forEach(i -> events.add(event("k" + i, 1)));
    events.add(event("a", 3));

    List<Outgoing> out = run(20, events.toArray(EventEnvelope[]::new));

    assertEquals(List.of("a", "a"), ledgerReads);
    assertEquals(List.of("a:2-2"), journalReads);
    assertEquals(List.of("a2", "a3"), names(out).subList(out.size() - 2, out.size()));
  }

  @Test
  void laterEventsOfAKeyShareItsLedgerReadWhileItIsInFlight() throws Exception {
    ledgerDelay = Duration.ofMillis(100);
    ledger.put("a", 4L);
    ledger.put("b", 1L);

    List<Outgoing> out = run(REMEMBERED_KEYS, event("a", 5), event("a", 6), event("b", 3), event("a", 7));

    assertEquals(List.of("a5", "a6", "b2", "b3", "a7"), names(out));
    assertEquals(List.of("a", "b"), ledgerReads, "one read per key, shared by its events in flight");
  }

  @Test
  void aKeysJournalThatLacksAMissingEventFailsTheRunInsteadOfSkippingIt() {
    journalHoles.add("a:2");

    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> run(REMEMBERED_KEYS, event("a", 1), event("a", 3)));
    assertTrue(failed.getCause().getMessage().contains("no event 2"), failed.getCause().getMessage());
  }

  private List<Outgoing> run(int rememberedKeys, EventEnvelope... events) throws Exception {
    KeyContinuity continuity = new KeyContinuity(this::readLedger, this::journal, rememberedKeys);
    return Source.from(List.of(events))
        .via(continuity.flow())
        .runWith(Sink.seq(), TEST_KIT.system())
        .toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private CompletableFuture<Long> readLedger(String key) {
    ledgerReads.add(key);
    long stored = ledger.getOrDefault(key, 0L);
    return ledgerDelay.isZero()
        ? CompletableFuture.completedFuture(stored)
        : CompletableFuture.supplyAsync(() -> stored,
            CompletableFuture.delayedExecutor(ledgerDelay.toMillis(), TimeUnit.MILLISECONDS));
  }

  private Source<EventEnvelope, NotUsed> journal(String key, long from, long to) {
    journalReads.add(key + ":" + from + "-" + to);
    return Source.from(LongStream.rangeClosed(from, to)
        .filter(n -> !journalHoles.contains(key + ":" + n))
        .mapToObj(n -> journalEvent(key, n)).toList());
  }

  private static EventEnvelope event(String key, long sequenceNr) {
    return new EventEnvelope(Offset.sequence(sequenceNr), key, sequenceNr, key + sequenceNr, 0);
  }

  private static EventEnvelope journalEvent(String key, long sequenceNr) {
    return new EventEnvelope(Offset.noOffset(), key, sequenceNr, key + sequenceNr, 0);
  }

  private static List<String> names(List<Outgoing> out) {
    return out.stream().map(o -> (String) o.event().event()).toList();
  }
}
