package io.atrium.sharding.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every command and every rejection of {@link RecordEntity}, on the persistence testkit. The testkit
 * also round-trips every command, event and state through the app's jackson-cbor binding and checks
 * the copy equals the original.
 */
class RecordEntityTest {

  private static final Duration RETENTION = Duration.ofMinutes(1);
  private static final AtomicInteger IDS = new AtomicInteger();

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    // Only the serialization part of the app's library defaults; the journal is the testkit's.
    Config serialization = ConfigFactory.parseResources("atrium-defaults.conf").withOnlyPath("pekko.actor");
    testKit = ActorTestKit.create("RecordEntityTest", EventSourcedBehaviorTestKit.config()
        .withFallback(serialization)
        .withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING")));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** The reference settings with a short idempotency retention and the given overrides. */
  static RecordSettings settings(String overrides) {
    return RecordSettings.fromConfig(ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString("atrium.records.idempotency-retention = " + RETENTION.toSeconds() + "s"))
        .withFallback(ConfigFactory.load()));
  }

  /** One entity under test: a fresh persistence id per test, so tests never share a journal. */
  private static final class Record {
    final String entityId = "default/c/key-" + IDS.incrementAndGet();
    final String persistenceId = RecordEntity.ENTITY_KEY.name() + "|" + entityId;
    final EventSourcedBehaviorTestKit<RecordCommand, RecordEvent, RecordState> kit;

    Record(RecordSettings settings) {
      kit = EventSourcedBehaviorTestKit.create(testKit.system(), RecordEntity.create(entityId, settings),
          EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
    }

    Record() {
      this(settings(""));
    }

    CommandResultWithReply<RecordCommand, RecordEvent, RecordState, RecordReply>
        put(String json) {
      return put(json, Precondition.NONE, Optional.empty());
    }

    CommandResultWithReply<RecordCommand, RecordEvent, RecordState, RecordReply>
        put(String json, Precondition precondition) {
      return put(json, precondition, Optional.empty());
    }

    CommandResultWithReply<RecordCommand, RecordEvent, RecordState, RecordReply>
        put(String json, Precondition precondition, Optional<IdempotencyToken> token) {
      return kit.<RecordReply>runCommand(replyTo -> new RecordCommand.Put(json, precondition, token, replyTo));
    }

    CommandResultWithReply<RecordCommand, RecordEvent, RecordState, RecordReply>
        patch(String json) {
      return patch(json, Precondition.NONE, Optional.empty());
    }

    CommandResultWithReply<RecordCommand, RecordEvent, RecordState, RecordReply>
        patch(String json, Precondition precondition, Optional<IdempotencyToken> token) {
      return kit.<RecordReply>runCommand(replyTo -> new RecordCommand.Patch(json, precondition, token, replyTo));
    }

    CommandResultWithReply<RecordCommand, RecordEvent, RecordState, RecordReply>
        delete() {
      return delete(Precondition.NONE, Optional.empty());
    }

    CommandResultWithReply<RecordCommand, RecordEvent, RecordState, RecordReply>
        delete(Precondition precondition, Optional<IdempotencyToken> token) {
      return kit.<RecordReply>runCommand(replyTo -> new RecordCommand.Delete(precondition, token, replyTo));
    }

    CommandResultWithReply<RecordCommand, RecordEvent, RecordState, RecordReply>
        get() {
      return kit.<RecordReply>runCommand(RecordCommand.Get::new);
    }
  }

  private static Optional<IdempotencyToken> token(String key, String fingerprint) {
    return Optional.of(new IdempotencyToken(key, fingerprint));
  }

  // ---- create, update, read ------------------------------------------------------------------

  @Test
  void putOnAbsentRecordCreatesVersionOne() {
    Record record = new Record();
    Instant before = Instant.now();

    var result = record.put("{\"a\":1}");

    RecordReply.Written reply = assertInstanceOf(RecordReply.Written.class, result.reply());
    assertEquals(1, reply.version());
    assertTrue(reply.created());
    assertFalse(reply.updatedAt().isBefore(before));
    RecordEvent.Written event = result.eventOfType(RecordEvent.Written.class);
    assertEquals(new RecordEvent.Written("{\"a\":1}", 1, reply.updatedAt(), true, Optional.empty()), event);
    assertEquals(1, result.events().size());
    assertEquals("{\"a\":1}", result.state().valueJson());
    assertEquals(1, result.state().version());
  }

  @Test
  void putOnExistingRecordAddsOneToTheVersion() {
    Record record = new Record();
    record.put("{\"a\":1}");

    var result = record.put("[2]");

    RecordReply.Written reply = assertInstanceOf(RecordReply.Written.class, result.reply());
    assertEquals(2, reply.version());
    assertFalse(reply.created());
    assertEquals(new RecordEvent.Written("[2]", 2, reply.updatedAt(), false, Optional.empty()), result.event());
    assertEquals(2, result.state().version());
    assertEquals("[2]", result.state().valueJson());
  }

  @Test
  void getReturnsTheCurrentValueAndPersistsNothing() {
    Record record = new Record();
    Instant written = ((RecordReply.Written) record.put("\"v1\"").reply()).updatedAt();

    var result = record.get();

    assertEquals(new RecordReply.Current("\"v1\"", 1, written), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void getOfANeverWrittenRecordIsNotFound() {
    var result = new Record().get();

    assertEquals(new RecordReply.NotFound(0), result.reply());
    assertTrue(result.hasNoEvents());
  }

  // ---- preconditions ------------------------------------------------------------------------

  @Test
  void ifMatchWithTheCurrentVersionWrites() {
    Record record = new Record();
    record.put("1");
    record.put("2");

    var result = record.put("3", Precondition.version(2));

    assertEquals(3, assertInstanceOf(RecordReply.Written.class, result.reply()).version());
    assertEquals(3, result.eventOfType(RecordEvent.Written.class).version());
  }

  @Test
  void ifMatchWithAnotherVersionFailsAndPersistsNothing() {
    Record record = new Record();
    record.put("1");
    record.put("2");

    for (long stale : List.of(0L, 1L, 3L)) {
      var result = record.put("3", Precondition.version(stale));

      assertEquals(new RecordReply.PreconditionFailed(true, 2), result.reply(), "If-Match " + stale);
      assertTrue(result.hasNoEvents());
      assertEquals(2, result.state().version());
      assertEquals("2", result.state().valueJson());
    }
  }

  @Test
  void ifMatchVersionOnAnAbsentRecordFails() {
    var result = new Record().put("1", Precondition.version(0));

    assertEquals(new RecordReply.PreconditionFailed(false, 0), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void ifMatchStarOnAnAbsentRecordFailsAndPersistsNothing() {
    var result = new Record().put("1", Precondition.EXISTS);

    assertEquals(new RecordReply.PreconditionFailed(false, 0), result.reply());
    assertTrue(result.hasNoEvents());
    assertEquals(RecordState.EMPTY, result.state());
  }

  @Test
  void ifMatchStarOnAnExistingRecordWrites() {
    Record record = new Record();
    record.put("1");

    var result = record.put("2", Precondition.EXISTS);

    assertEquals(2, assertInstanceOf(RecordReply.Written.class, result.reply()).version());
    assertEquals(1, result.events().size());
  }

  @Test
  void ifNoneMatchStarOnAnAbsentRecordCreates() {
    var result = new Record().put("1", Precondition.ABSENT);

    RecordReply.Written reply = assertInstanceOf(RecordReply.Written.class, result.reply());
    assertEquals(1, reply.version());
    assertTrue(reply.created());
  }

  @Test
  void ifNoneMatchStarOnAnExistingRecordFailsAndPersistsNothing() {
    Record record = new Record();
    record.put("1");

    var result = record.put("2", Precondition.ABSENT);

    assertEquals(new RecordReply.PreconditionFailed(true, 1), result.reply());
    assertTrue(result.hasNoEvents());
    assertEquals("1", result.state().valueJson());
  }

  @Test
  void ifNoneMatchStarAfterADeleteCreatesAgainAtTheNextVersion() {
    Record record = new Record();
    record.put("1");
    record.delete();

    var result = record.put("again", Precondition.ABSENT);

    RecordReply.Written reply = assertInstanceOf(RecordReply.Written.class, result.reply());
    assertEquals(3, reply.version());
    assertTrue(reply.created());
  }

  @Test
  void ifMatchVersionOfADeletedRecordFails() {
    Record record = new Record();
    record.put("1");
    record.delete();

    var result = record.put("2", Precondition.version(2));

    assertEquals(new RecordReply.PreconditionFailed(false, 2), result.reply());
    assertTrue(result.hasNoEvents());
  }

  // ---- delete ---------------------------------------------------------------------------------

  @Test
  void deleteAdvancesTheVersionAndALaterPutContinuesFromIt() {
    Record record = new Record();
    record.put("1");
    record.put("2");

    var deleted = record.delete();

    assertEquals(new RecordReply.Deleted(3), deleted.reply());
    RecordEvent.Deleted event = deleted.eventOfType(RecordEvent.Deleted.class);
    assertEquals(3, event.version());
    assertEquals(Optional.empty(), event.idempotency());
    assertFalse(deleted.state().exists());
    assertNull(deleted.state().valueJson());

    var get = record.get();
    assertEquals(new RecordReply.NotFound(3), get.reply());
    assertTrue(get.hasNoEvents());

    var put = record.put("\"back\"");
    RecordReply.Written written = assertInstanceOf(RecordReply.Written.class, put.reply());
    assertEquals(4, written.version(), "versions never go back");
    assertTrue(written.created());
    assertTrue(put.eventOfType(RecordEvent.Written.class).created());
  }

  @Test
  void deleteWithAMatchingVersionDeletes() {
    Record record = new Record();
    record.put("1");

    var result = record.delete(Precondition.version(1), Optional.empty());

    assertEquals(new RecordReply.Deleted(2), result.reply());
    assertEquals(1, result.events().size());
  }

  @Test
  void deleteWithAStaleVersionFailsAndPersistsNothing() {
    Record record = new Record();
    record.put("1");
    record.put("2");

    var result = record.delete(Precondition.version(1), Optional.empty());

    assertEquals(new RecordReply.PreconditionFailed(true, 2), result.reply());
    assertTrue(result.hasNoEvents());
    assertTrue(result.state().exists());
  }

  @Test
  void deleteOfANeverWrittenRecordIsNotFoundAndPersistsNothing() {
    var result = new Record().delete();

    assertEquals(new RecordReply.NotFound(0), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void deleteOfADeletedRecordIsNotFoundAndPersistsNothing() {
    Record record = new Record();
    record.put("1");
    record.delete();

    var result = record.delete();

    assertEquals(new RecordReply.NotFound(2), result.reply());
    assertTrue(result.hasNoEvents());
    assertEquals(2, result.state().version());
  }

  // ---- patch ----------------------------------------------------------------------------------

  @Test
  void patchMergesNullRemovesAndNestedObjectsMerge() {
    Record record = new Record();
    record.put("{\"a\":1,\"b\":{\"c\":2,\"d\":3},\"e\":[1,2]}");

    var result = record.patch("{\"a\":null,\"b\":{\"c\":5,\"x\":{\"y\":true}},\"e\":[3]}");

    String merged = "{\"b\":{\"c\":5,\"d\":3,\"x\":{\"y\":true}},\"e\":[3]}";
    RecordReply.Written reply = assertInstanceOf(RecordReply.Written.class, result.reply());
    assertEquals(2, reply.version());
    assertFalse(reply.created());
    // The event holds the full new value, so replay needs no patch logic.
    assertEquals(new RecordEvent.Written(merged, 2, reply.updatedAt(), false, Optional.empty()), result.event());
    assertEquals(new RecordReply.Current(merged, 2, reply.updatedAt()), record.get().reply());
  }

  @Test
  void patchThatIsNotAnObjectReplacesTheValue() {
    Record record = new Record();
    record.put("{\"a\":1}");

    assertEquals("[\"x\"]", record.patch("[\"x\"]").state().valueJson());
    assertEquals("42", record.patch("42").state().valueJson());
    assertEquals("null", record.patch("null").state().valueJson());
    assertTrue(record.get().reply() instanceof RecordReply.Current, "a JSON null value still exists");
  }

  @Test
  void objectPatchOfANonObjectValueStartsFromAnEmptyObject() {
    Record record = new Record();
    record.put("[1,2]");

    var result = record.patch("{\"a\":{\"b\":null,\"c\":1}}");

    assertEquals("{\"a\":{\"c\":1}}", result.state().valueJson());
  }

  @Test
  void patchOfANeverWrittenRecordIsNotFoundAndPersistsNothing() {
    var result = new Record().patch("{\"a\":1}");

    assertEquals(new RecordReply.NotFound(0), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void patchOfADeletedRecordIsNotFoundAndPersistsNothing() {
    Record record = new Record();
    record.put("{}");
    record.delete();

    var result = record.patch("{\"a\":1}");

    assertEquals(new RecordReply.NotFound(2), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void patchWithAStaleVersionFailsAndPersistsNothing() {
    Record record = new Record();
    record.put("{}");
    record.put("{\"a\":1}");

    var result = record.patch("{\"b\":1}", Precondition.version(1), Optional.empty());

    assertEquals(new RecordReply.PreconditionFailed(true, 2), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void patchWithIfMatchStarOnAnAbsentRecordIsAFailedPrecondition() {
    var result = new Record().patch("{\"b\":1}", Precondition.EXISTS, Optional.empty());

    assertEquals(new RecordReply.PreconditionFailed(false, 0), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void patchThatMakesTheValueTooLargeIsRejectedAndPersistsNothing() {
    Record record = new Record(settings("atrium.records.limits.max-value-bytes = 40"));
    String value = "{\"a\":\"" + "x".repeat(30) + "\"}"; // 38 bytes
    record.put(value);

    var result = record.patch("{\"b\":1}"); // 44 bytes merged

    RecordReply.Rejected reply = assertInstanceOf(RecordReply.Rejected.class, result.reply());
    assertTrue(reply.tooLarge());
    assertTrue(reply.message().contains("40"), reply.message());
    assertTrue(result.hasNoEvents());
    assertEquals(value, result.state().valueJson());
    assertEquals(1, result.state().version());
  }

  @Test
  void patchThatIsNotJsonIsRejectedAsInvalidAndPersistsNothing() {
    Record record = new Record();
    record.put("{}");

    var result = record.patch("{\"a\":");

    RecordReply.Rejected reply = assertInstanceOf(RecordReply.Rejected.class, result.reply());
    assertFalse(reply.tooLarge());
    assertTrue(result.hasNoEvents());
  }

  // ---- idempotency ----------------------------------------------------------------------------

  @Test
  void retriedPutAnswersTheFirstResultAndPersistsNothing() {
    Record record = new Record();
    Optional<IdempotencyToken> token = token("k1", "put-a");
    var first = record.put("\"a\"", Precondition.NONE, token);
    assertEquals(token, first.eventOfType(RecordEvent.Written.class).idempotency());
    record.put("\"other\""); // a later write by someone else: version 2

    var retry = record.put("\"a\"", Precondition.NONE, token);

    assertEquals(first.reply(), retry.reply());
    assertTrue(((RecordReply.Written) retry.reply()).created(), "the first result was a create (201)");
    assertTrue(retry.hasNoEvents());
    assertEquals(2, retry.state().version());
    assertEquals("\"other\"", retry.state().valueJson());
  }

  @Test
  void retriedConditionalPutAnswersTheFirstResultEvenThoughItsPreconditionNoLongerHolds() {
    Record record = new Record();
    record.put("1");
    Optional<IdempotencyToken> token = token("k1", "put-if-1");
    var first = record.put("2", Precondition.version(1), token);
    assertEquals(2, ((RecordReply.Written) first.reply()).version());

    var retry = record.put("2", Precondition.version(1), token);

    assertEquals(first.reply(), retry.reply());
    assertTrue(retry.hasNoEvents());
  }

  @Test
  void retriedPatchAnswersTheFirstResultAndPersistsNothing() {
    Record record = new Record();
    record.put("{\"n\":1}");
    Optional<IdempotencyToken> token = token("p1", "patch");
    var first = record.patch("{\"n\":2}", Precondition.NONE, token);

    var retry = record.patch("{\"n\":2}", Precondition.NONE, token);

    assertEquals(first.reply(), retry.reply());
    assertTrue(retry.hasNoEvents());
    assertEquals(2, retry.state().version());
  }

  @Test
  void retriedDeleteAnswersTheFirstResultAndPersistsNothing() {
    Record record = new Record();
    record.put("1");
    Optional<IdempotencyToken> token = token("d1", "delete");
    var first = record.delete(Precondition.NONE, token);
    assertEquals(new RecordReply.Deleted(2), first.reply());
    assertEquals(token, first.eventOfType(RecordEvent.Deleted.class).idempotency());

    var retry = record.delete(Precondition.NONE, token);

    assertEquals(new RecordReply.Deleted(2), retry.reply(), "not 404: the retry sees its own delete");
    assertTrue(retry.hasNoEvents());
  }

  @Test
  void sameKeyWithAnotherRequestIsAConflictAndPersistsNothing() {
    Record record = new Record();
    record.put("\"a\"", Precondition.NONE, token("k1", "put-a"));

    for (var result : List.of(
        record.put("\"b\"", Precondition.NONE, token("k1", "put-b")),
        record.patch("{}", Precondition.NONE, token("k1", "patch")),
        record.delete(Precondition.NONE, token("k1", "delete")))) {
      assertEquals(new RecordReply.IdempotencyConflict("k1"), result.reply());
      assertTrue(result.hasNoEvents());
      assertEquals(1, result.state().version());
    }
  }

  @Test
  void aWriteThatWasNotAppliedIsNotRemembered() {
    Record record = new Record();
    record.put("1");
    Optional<IdempotencyToken> token = token("k1", "put-if-absent");

    assertEquals(new RecordReply.PreconditionFailed(true, 1), record.put("2", Precondition.ABSENT, token).reply());
    record.delete();
    var later = record.put("2", Precondition.ABSENT, token);

    assertEquals(3, assertInstanceOf(RecordReply.Written.class, later.reply()).version());
    assertEquals(1, later.events().size());
  }

  @Test
  void retryIsRecognisedAfterARestart() {
    Record record = new Record();
    Optional<IdempotencyToken> token = token("k1", "put-a");
    var first = record.put("\"a\"", Precondition.NONE, token);
    record.put("\"b\"");

    RecordState recovered = record.kit.restart().state();
    assertEquals(2, recovered.version());
    assertTrue(recovered.idempotency().containsKey("k1"));

    var retry = record.put("\"a\"", Precondition.NONE, token);
    assertEquals(first.reply(), retry.reply());
    assertTrue(retry.hasNoEvents());
    assertEquals(new RecordReply.IdempotencyConflict("k1"),
        record.put("\"c\"", Precondition.NONE, token("k1", "put-c")).reply());
  }

  @Test
  void retryIsRecognisedWhenTheStateComesFromASnapshot() {
    Record record = new Record(settings("atrium.records.snapshot-every = 2"));
    Optional<IdempotencyToken> token = token("k1", "put-a");
    var first = record.put("\"a\"", Precondition.NONE, token);
    var second = record.put("\"b\"");

    SnapshotTestKit snapshots = record.kit.snapshotTestKit().orElseThrow();
    snapshots.expectNextPersisted(record.persistenceId, second.state());
    // Without the events only the snapshot can bring the idempotency memory back.
    record.kit.persistenceTestKit().clearByPersistenceId(record.persistenceId);
    RecordState recovered = record.kit.restart().state();
    assertEquals(second.state(), recovered);

    var retry = record.put("\"a\"", Precondition.NONE, token);
    assertEquals(first.reply(), retry.reply());
    assertTrue(retry.hasNoEvents());
  }

  @Test
  void keysAreForgottenOnceALaterEventIsPastTheirRetention() {
    Record record = new Record();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    // Seeded history: event time decides what is remembered, so no test needs to wait.
    record.kit.initialize(
        new RecordEvent.Written("1", 1, now.minus(RETENTION).minusSeconds(30), true, token("old", "put-1")),
        new RecordEvent.Written("2", 2, now.minus(RETENTION).plusSeconds(30), false, token("recent", "put-2")));

    var later = record.put("3");

    assertEquals(Set.of("recent"), later.state().idempotency().keySet());
    var reusedOld = record.put("1", Precondition.NONE, token("old", "put-1"));
    assertEquals(4, assertInstanceOf(RecordReply.Written.class, reusedOld.reply()).version(),
        "a forgotten key is a new request");
    assertEquals(1, reusedOld.events().size());
    var retriedRecent = record.put("2", Precondition.NONE, token("recent", "put-2"));
    assertEquals(2, assertInstanceOf(RecordReply.Written.class, retriedRecent.reply()).version());
    assertTrue(retriedRecent.hasNoEvents());
  }

  @Test
  void aKeyPastItsRetentionIsNotReplayedEvenWithoutALaterEvent() {
    Record record = new Record();
    Instant old = Instant.now().minus(RETENTION).minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
    record.kit.initialize(new RecordEvent.Written("1", 1, old, true, token("old", "put-1")));

    var reused = record.put("1", Precondition.NONE, token("old", "put-1"));

    assertEquals(2, assertInstanceOf(RecordReply.Written.class, reused.reply()).version(),
        "remembered for the retention time, not until the next write");
    assertEquals(1, reused.events().size());
    assertEquals(new RecordReply.Written(2, ((RecordReply.Written) reused.reply()).updatedAt(), false),
        reused.reply());
  }

  // ---- replies --------------------------------------------------------------------------------

  @Test
  void commandsEventsStateAndRepliesUseTheJacksonCborBinding() throws Exception {
    // Otherwise the testkit's serialization checks above would exercise another serializer.
    for (Class<?> type : List.of(RecordCommand.Put.class, RecordEvent.Written.class, RecordState.class,
        RecordReply.Written.class)) {
      assertEquals("JacksonCborSerializer",
          SerializationExtension.get(testKit.system().classicSystem()).serializerFor(type).getClass().getSimpleName());
    }
  }

  @Test
  void everyReplyCanCrossNodes() {
    // The edge asks entities on other nodes; the testkit checks commands, events and state only.
    SerializationTestKit serialization = new SerializationTestKit(testKit.system());
    Instant at = Instant.parse("2026-11-27T06:00:00.123456789Z");
    List<RecordReply> replies = List.of(
        new RecordReply.Written(1, at, true),
        new RecordReply.Deleted(2),
        new RecordReply.Current("{\"a\":[1.10]}", 3, at),
        new RecordReply.NotFound(4),
        new RecordReply.PreconditionFailed(true, 5),
        new RecordReply.IdempotencyConflict("k"),
        new RecordReply.Rejected(true, "too large"));

    for (RecordReply reply : replies) {
      assertEquals(reply, serialization.verifySerialization(reply, true));
    }
  }
}
