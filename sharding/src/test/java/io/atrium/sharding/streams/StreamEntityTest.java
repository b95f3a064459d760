package io.atrium.sharding.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.atrium.sharding.Tenant;
import io.atrium.sharding.streams.StreamCommand.Append;
import io.atrium.sharding.streams.StreamCommand.GetStats;
import io.atrium.sharding.streams.StreamEvent.Appended;
import io.atrium.sharding.streams.StreamReply.Accepted;
import io.atrium.sharding.streams.StreamReply.NotFound;
import io.atrium.sharding.streams.StreamReply.Rejected;
import io.atrium.sharding.streams.StreamReply.Stats;
import io.atrium.sharding.streams.StreamReply.Summary;
import io.atrium.sharding.streams.StreamReply.WindowStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.SnapshotMeta;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stream entity on the persistence test kit, which also round-trips every command, event, reply
 * and state through the real serializer (jackson-cbor) and checks the copy is equal.
 */
class StreamEntityTest {

  private static final long T0 = 1_699_999_200_000L; // a whole hour, so also a whole minute and second
  private static final String STREAM = "cpu.load";
  private static final String PERSISTENCE_ID = "stream|default/streams/cpu.load";

  private static ActorTestKit testKit;
  private static StreamSettings settings;
  private EventSourcedBehaviorTestKit<StreamCommand, StreamEvent, StreamState> kit;

  @BeforeAll
  static void start() {
    Config config = EventSourcedBehaviorTestKit.config()
        .withFallback(PersistenceTestKitSnapshotPlugin.config())
        .withFallback(ConfigFactory.parseString("""
            pekko.loglevel = WARNING
            atrium.streams {
              max-events-per-request = 50
              snapshot-every = 3
              retention { seconds = 4, minutes = 3, hours = 2 }
            }
            """))
        // The node's real serialization binding: CborSerializable → jackson-cbor, Java serialization off.
        .withFallback(ConfigFactory.parseResources("atrium-defaults.conf"))
        .withFallback(ConfigFactory.load())
        .resolve();
    testKit = ActorTestKit.create("StreamEntityTest", config);
    settings = StreamSettings.fromConfig(testKit.system().settings().config());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshEntity() {
    kit = EventSourcedBehaviorTestKit.create(testKit.system(),
        StreamEntity.create(StreamEntity.entityId(Tenant.DEFAULT, STREAM), settings),
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
  }

  private CommandResultWithReply<StreamCommand, StreamEvent, StreamState, StreamReply> append(EventBatch batch) {
    return kit.runCommand(replyTo -> new Append(batch, replyTo));
  }

  private Stats stats(WindowSize size, int last) {
    return (Stats) kit.<StreamReply>runCommand(replyTo -> new GetStats(size, last, replyTo)).reply();
  }

  private static EventBatch batch(long[] ts, double... values) {
    return EventBatch.untagged(ts, values);
  }

  private static long[] at(long... ts) {
    return ts;
  }

  @Test
  void entityIdCarriesTenantScopeAndStream() {
    assertEquals("default/streams/cpu.load", StreamEntity.entityId(Tenant.DEFAULT, STREAM));
    assertEquals("acme/streams/x", StreamEntity.entityId(new Tenant("acme"), "x"));
  }

  @Test
  void appendPersistsTheWholeBatchAsOneEventAndRepliesWithTheSequence() {
    EventBatch first = batch(at(T0, T0 + 10, T0 + 20), 1, 2, 3);
    var result = append(first);

    assertEquals(new Accepted(3, 1), result.reply());
    assertEquals(List.of(new Appended(first)), result.events());
    assertEquals(1, result.state().batches());

    var second = append(batch(at(T0 + 30), 4));
    assertEquals(new Accepted(1, 2), second.reply());
    assertEquals(1, second.events().size());
  }

  @Test
  void tagsAreStoredWithTheirEvents() {
    Map<String, String> host = new HashMap<>(Map.of("host", "a", "dc", "eu-1"));
    EventBatch tagged = new EventBatch(at(T0, T0 + 1), new double[] {1, 2}, List.of(host, Map.of()));
    var result = append(tagged);

    assertEquals(new Accepted(2, 1), result.reply());
    assertEquals(tagged, result.eventOfType(Appended.class).batch());
    assertEquals(List.of(Map.of("host", "a", "dc", "eu-1"), Map.of()), kit.persistenceTestKit()
        .persistedInStorage(PERSISTENCE_ID).stream()
        .map(e -> ((Appended) e).batch().tags()).findFirst().orElseThrow());
  }

  @Test
  void emptyBatchIsRejectedAndNothingIsStored() {
    var result = append(batch(at()));
    assertEquals(new Rejected("a batch must hold at least one event"), result.reply());
    assertTrue(result.hasNoEvents());
    assertFalse(result.state().exists());
  }

  @Test
  void batchAboveTheLimitIsRejectedAndNothingIsStored() {
    long[] ts = new long[51];
    Arrays.fill(ts, T0);
    var result = append(batch(ts, new double[51]));
    assertEquals(new Rejected("a batch may hold at most 50 events, got 51"), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void nonFiniteValueIsRejectedNamingTheFirstBadEvent() {
    var result = append(batch(at(T0, T0, T0, T0), 1, 2, Double.NaN, Double.POSITIVE_INFINITY));
    assertEquals(new Rejected("events[2].value must be a finite number"), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void negativeTimestampIsRejected() {
    var result = append(batch(at(T0, -1), 1, 2));
    assertEquals(new Rejected("events[1].ts must not be negative"), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void rejectedBatchLeavesEarlierDataAndTheSequenceAlone() {
    append(batch(at(T0), 5));
    append(batch(at(T0), Double.NaN));
    assertEquals(new Accepted(1, 2), append(batch(at(T0), 6)).reply());
    assertEquals(2, stats(WindowSize.SECOND, 4).allTime().count());
  }

  @Test
  void statsOfAStreamNeverWrittenIsNotFound() {
    var result = kit.<StreamReply>runCommand(replyTo -> new GetStats(WindowSize.MINUTE, 10, replyTo));
    assertEquals(new NotFound("default/streams/cpu.load"), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void getStatsRequiresAPositiveCount() {
    assertThrows(IllegalArgumentException.class, () -> new GetStats(WindowSize.SECOND, 0, null));
  }

  @Test
  void statsReportWindowsOfTheRequestedSizeAndTheAllTimeSummary() {
    append(batch(at(T0, T0 + 500, T0 + 1500, T0 + 61_000), 10, 20, -4, 0));

    Stats seconds = stats(WindowSize.SECOND, 4);
    assertEquals(WindowSize.SECOND, seconds.window());
    assertEquals(List.of(new WindowStats(T0 + 61_000, new Summary(1, 0, 0, 0, 0, 0, 0, 0, 0))), seconds.windows(),
        "1s retention is 4 windows back from the newest; the others aged out");
    assertEquals(0, seconds.late(), "none was older than the retained windows when it arrived");

    Stats minutes = stats(WindowSize.MINUTE, 3);
    assertEquals(2, minutes.windows().size());
    WindowStats firstMinute = minutes.windows().get(0);
    assertEquals(T0, firstMinute.start());
    assertEquals(3, firstMinute.summary().count());
    assertEquals(26, firstMinute.summary().sum());
    assertEquals(-4, firstMinute.summary().min());
    assertEquals(20, firstMinute.summary().max());
    assertEquals(0, minutes.late());

    Summary allTime = minutes.allTime();
    assertEquals(4, allTime.count());
    assertEquals(26, allTime.sum());
    assertEquals(6.5, allTime.mean());
  }

  @Test
  void lateEventsCountInAllTimeAndInLateOnly() {
    append(batch(at(T0 + 10_000), 1));
    append(batch(at(T0, T0 + 9_000), 100, 2)); // T0 is 10 s back: beyond 4 × 1s; within 3 × 1m

    Stats seconds = stats(WindowSize.SECOND, 4);
    assertEquals(1, seconds.late());
    assertEquals(List.of(T0 + 9_000, T0 + 10_000), seconds.windows().stream().map(WindowStats::start).toList());
    assertEquals(3, seconds.allTime().count());
    assertEquals(100, seconds.allTime().max());

    Stats minutes = stats(WindowSize.MINUTE, 3);
    assertEquals(0, minutes.late());
    assertEquals(3, minutes.windows().get(0).summary().count());
  }

  @Test
  void stateRecoveredFromSnapshotPlusEventsEqualsStateReplayedFromEventsAlone() {
    Random random = new Random(11);
    List<EventBatch> sent = new ArrayList<>();
    long clock = T0;
    for (int b = 0; b < 11; b++) { // snapshots after 3, 6 and 9 batches; 10 and 11 replayed on top
      int n = 1 + random.nextInt(50);
      long[] ts = new long[n];
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        clock += random.nextInt(400);
        // Mostly in order, some late by up to a minute; values of both signs, zeros, wide range.
        ts[i] = random.nextInt(10) == 0 ? clock - random.nextInt(60_000) : clock;
        values[i] = random.nextInt(8) == 0 ? 0 : random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6);
      }
      EventBatch batch = batch(ts, values);
      sent.add(batch);
      assertEquals(new Accepted(n, b + 1), append(batch).reply());
    }
    StreamSnapshot live = kit.getState().toSnapshot();

    List<Pair<SnapshotMeta, Object>> snapshots = kit.snapshotTestKit().orElseThrow().persistedInStorage(PERSISTENCE_ID);
    assertEquals(9, snapshots.get(snapshots.size() - 1).first().sequenceNr(), "newest snapshot after batch 9");
    assertTrue(snapshots.get(0).second() instanceof StreamSnapshot, "snapshots are the immutable snapshot form");

    StreamState fromSnapshot = kit.restart().state();
    assertEquals(live, fromSnapshot.toSnapshot());

    StreamState replayed = StreamState.empty(settings.retention());
    for (Object event : kit.persistenceTestKit().persistedInStorage(PERSISTENCE_ID)) {
      replayed.apply(((Appended) event).batch());
    }
    assertEquals(live, replayed.toSnapshot());
    StreamState direct = StreamState.empty(settings.retention());
    sent.forEach(direct::apply);
    assertEquals(live, direct.toSnapshot());

    // And the recovered entity keeps going exactly like the original would have.
    EventBatch next = batch(at(clock, clock + 1), 1.5, -2.5);
    assertEquals(new Accepted(2, 12), append(next).reply());
    direct.apply(next);
    assertEquals(direct.toSnapshot(), kit.getState().toSnapshot());
    for (WindowSize size : WindowSize.values()) {
      assertEquals(direct.stats(size, 10), stats(size, 10));
    }
  }

  @Test
  void recoveryWithoutSnapshotsGivesTheSameState() {
    append(batch(at(T0, T0 + 1200), 3, 4));
    append(batch(at(T0 + 2400), -8));
    append(batch(at(T0 + 3600), 0)); // snapshot here
    append(batch(at(T0 + 4800), 7));
    StreamSnapshot live = kit.getState().toSnapshot();

    kit.snapshotTestKit().orElseThrow().clearByPersistenceId(PERSISTENCE_ID);
    assertEquals(live, kit.restart().state().toSnapshot());
  }
}
