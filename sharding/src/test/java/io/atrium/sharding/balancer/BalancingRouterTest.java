package io.atrium.sharding.balancer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.atrium.persistence.serialization.CborSerializable;
import io.atrium.sharding.balancer.BalancerCommand.GetSnapshot;
import io.atrium.sharding.balancer.BalancerCommand.ReportLoad;
import io.atrium.sharding.balancer.BalancerCommand.Route;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The router with local routees of different artificial latencies, on a real actor system. */
class BalancingRouterTest {

  private static final int MESSAGES = 240;
  private static final int CONCURRENCY = 4;
  // Far above scheduling noise on a busy two-core machine (a 40 ms gap was not, once).
  private static final Duration SLOW = Duration.ofMillis(150);

  record Work(int id, ActorRef<Done> replyTo) implements CborSerializable {}

  record Done(String routee, boolean ok) implements CborSerializable {}

  private static ActorTestKit testKit;
  private static int keys;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create(ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        pekko.actor.serialization-bindings {
          "io.atrium.persistence.serialization.CborSerializable" = jackson-cbor
        }
        """).withFallback(ConfigFactory.defaultReference()));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** A routee that answers each message after {@code delay} (at once when zero), never blocking. */
  private static Behavior<Work> routee(String name, Duration delay) {
    return Behaviors.receive((context, work) -> {
      if (delay.isZero()) {
        work.replyTo().tell(new Done(name, true));
      } else {
        context.scheduleOnce(delay, work.replyTo(), new Done(name, true));
      }
      return Behaviors.same();
    });
  }

  /** A fresh key per test: the Receptionist outlives each test's routees. */
  private static WorkKind<Work, Done> kind() {
    return new WorkKind<>(ServiceKey.create(Work.class, "work-" + ++keys), Done.class, Work::replyTo,
        (work, replyTo) -> new Work(work.id(), replyTo), done -> !done.ok(),
        failure -> new Done(failure.getClass().getSimpleName(), false));
  }

  private static ActorRef<BalancerCommand<Work>> router(WorkKind<Work, Done> kind, String overrides, int routees) {
    BalancerSettings settings = Fixtures.settings(overrides);
    ActorRef<BalancerCommand<Work>> router = testKit.spawn(
        BalancingRouter.create(kind, settings, System::nanoTime, new SplittableRandom(17)));
    TestProbe<BalancerSnapshot> probe = testKit.createTestProbe();
    probe.awaitAssert(() -> {
      router.tell(new GetSnapshot<>(probe.ref()));
      assertEquals(routees, probe.receiveMessage().routees().size());
      return null;
    });
    return router;
  }

  private static WorkKind<Work, Done> twoFastOneSlow() {
    WorkKind<Work, Done> kind = kind();
    register(kind, "fast-1", Duration.ZERO);
    register(kind, "fast-2", Duration.ZERO);
    register(kind, "slow", SLOW);
    return kind;
  }

  private static void register(WorkKind<Work, Done> kind, String name, Duration delay) {
    ActorRef<Work> ref = testKit.spawn(routee(name, delay), name + "-" + keys);
    testKit.system().receptionist().tell(Receptionist.register(kind.key(), ref));
  }

  /** Sends {@link #MESSAGES} messages, {@link #CONCURRENCY} at a time; replies counted by routee. */
  private static Map<String, Integer> drive(ActorRef<BalancerCommand<Work>> router) {
    TestProbe<Done> replies = testKit.createTestProbe();
    Map<String, Integer> counts = new HashMap<>();
    for (int sent = 0; sent < MESSAGES; sent += CONCURRENCY) {
      for (int i = 0; i < CONCURRENCY; i++) {
        router.tell(new Route<>(new Work(sent + i, replies.ref())));
      }
      for (Done done : replies.receiveSeveralMessages(CONCURRENCY)) {
        assertTrue(done.ok(), done.toString());
        counts.merge(done.routee(), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static BalancerSnapshot snapshot(ActorRef<BalancerCommand<Work>> router) {
    TestProbe<BalancerSnapshot> probe = testKit.createTestProbe();
    router.tell(new GetSnapshot<>(probe.ref()));
    return probe.receiveMessage();
  }

  private static BalancerSnapshot.Routee entry(BalancerSnapshot snapshot, String name) {
    return snapshot.routees().stream().filter(routee -> routee.routee().contains("/" + name + "-")).findFirst().orElseThrow();
  }

  @Test
  void atriumGivesTheSlowRouteeASmallShare() {
    ActorRef<BalancerCommand<Work>> router = router(twoFastOneSlow(), "atrium.balancer.strategy = atrium", 3);
    Map<String, Integer> counts = drive(router);
    int slow = counts.getOrDefault("slow", 0);
    assertTrue(slow < MESSAGES / 10, "slow routee got " + slow + " of " + MESSAGES + ": " + counts);

    BalancerSnapshot snapshot = snapshot(router);
    assertEquals("atrium", snapshot.strategy());
    BalancerSnapshot.Routee slowEntry = entry(snapshot, "slow");
    assertEquals((double) slow / MESSAGES, slowEntry.share(), 1e-9);
    assertTrue(slowEntry.p50Millis() >= SLOW.toMillis(), slowEntry.toString());
    assertTrue(slowEntry.weight() < entry(snapshot, "fast-1").weight(), snapshot.toString());
    assertEquals(1.0, snapshot.routees().stream().mapToDouble(BalancerSnapshot.Routee::share).sum(), 1e-9);
    assertTrue(snapshot.routees().stream().allMatch(routee -> routee.inFlight() == 0 && routee.lambda() > 0));
  }

  @Test
  void roundRobinGivesEveryRouteeAnEqualShare() {
    // The share window outlasts the run, so every message counts in the shares.
    ActorRef<BalancerCommand<Work>> router = router(twoFastOneSlow(),
        "atrium.balancer.strategy = round-robin\natrium.balancer.window = 60s", 3);
    Map<String, Integer> counts = drive(router);
    assertEquals(Map.of("fast-1", MESSAGES / 3, "fast-2", MESSAGES / 3, "slow", MESSAGES / 3), counts);
    for (BalancerSnapshot.Routee routee : snapshot(router).routees()) {
      assertEquals(1 / 3.0, routee.share(), 1e-9, routee.toString());
      assertEquals(1.0, routee.weight());
      assertFalse(routee.ejected());
    }
  }

  @Test
  void aTimeoutIsAnErrorAndTheCallerGetsTheFailureReply() {
    WorkKind<Work, Done> kind = kind();
    register(kind, "silent", Duration.ofDays(1));
    ActorRef<BalancerCommand<Work>> router = router(kind, "atrium.balancer.ask-timeout = 200ms", 1);
    TestProbe<Done> replies = testKit.createTestProbe();
    router.tell(new Route<>(new Work(1, replies.ref())));
    Done reply = replies.receiveMessage(Duration.ofSeconds(3));
    assertFalse(reply.ok());
    assertEquals("TimeoutException", reply.routee());
    BalancerSnapshot.Routee silent = snapshot(router).routees().get(0);
    assertEquals(0, silent.inFlight());
    assertTrue(silent.errorRate() > 0);
    assertTrue(silent.latencyEwmaMillis() >= 200, silent.toString());
  }

  @Test
  void withoutRouteesTheCallerIsToldAtOnce() {
    ActorRef<BalancerCommand<Work>> router = testKit.spawn(BalancingRouter.create(kind(), Fixtures.settings("")));
    TestProbe<Done> replies = testKit.createTestProbe();
    router.tell(new Route<>(new Work(1, replies.ref())));
    assertEquals(new Done("NoRouteeException", false), replies.receiveMessage());
  }

  @Test
  void aLoadReportAppliesToTheRouteesOnItsNode() {
    WorkKind<Work, Done> kind = kind();
    register(kind, "a", Duration.ZERO);
    ActorRef<BalancerCommand<Work>> router = router(kind, "", 1);
    double before = snapshot(router).routees().get(0).weight();
    router.tell(new ReportLoad<>(testKit.system().address(), new RouteeLoad(0.9, 1, 0, 0, 0, 0, System.nanoTime())));
    assertEquals(before * 0.5, snapshot(router).routees().get(0).weight(), before * 1e-6, "CPU halfway past the knee");
  }

  @Test
  void theSnapshotSerializes() {
    BalancerSnapshot snapshot = new BalancerSnapshot("work", "atrium", 10, List.of(
        new BalancerSnapshot.Routee("pekko://atrium@h:1/user/w", 0.5, 0.25, 12.5, 2, 1.5, 9.0, 1.7, 3.0, 0.01, false, "admitted")));
    new SerializationTestKit(testKit.system()).verifySerialization(snapshot, true);
  }
}
