package io.atrium.sharding.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.sharding.TestClusterNodes;
import io.atrium.sharding.load.ClusterLoad.LoadSum;
import io.atrium.sharding.load.ClusterLoad.MemberLoad;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Load reporting on real cluster nodes (two actor systems in this JVM, on loopback): reports cross
 * the network through the real serializer (jackson-cbor), so every record in a report is checked too.
 */
class LoadReportingTest {

  // A bound, not a sleep: generous because membership changes crawl on a saturated two-core machine.
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final LoadSettings ONCE = new LoadSettings(Duration.ofHours(1), Duration.ofHours(2));
  private static final LoadSettings FAST = new LoadSettings(Duration.ofMillis(200), Duration.ofSeconds(3));

  private ActorTestKit first;
  private ActorTestKit second;

  @AfterEach
  void stop() {
    if (second != null) {
      second.shutdownTestKit();
    }
    if (first != null) {
      first.shutdownTestKit();
    }
  }

  private static ActorTestKit node(String name, ActorTestKit joinTo) {
    return TestClusterNodes.joined(name, "", joinTo);
  }

  private static String address(ActorTestKit kit) {
    return TestClusterNodes.address(kit);
  }

  private static EdgeLoad edge(String tenant, double lambda, long inFlight) {
    Rates rates = new Rates(lambda, lambda, lambda);
    FlowRates flow = new FlowRates(rates, rates);
    return new EdgeLoad(rates, rates, inFlight, Map.of("records.get", flow), Map.of(tenant, flow));
  }

  @Test
  void ownReportCarriesResourcesAndSuppliedFiguresAndAgesIntoStaleness() {
    first = node("LoadOwn", null);
    AtomicLong clock = new AtomicLong(1_000);
    // Registered before the start: the first report is sampled at once and, at a 1 h interval, the only one.
    LoadSources sources = new LoadSources();
    sources.edge(() -> edge("acme", 12.5, 3));
    LoadReporting reporting = LoadReporting.start(first.system(), ONCE, clock::get, sources);

    awaitUntil("own report", () -> reporting.clusterLoad().selfReport().isPresent());
    ClusterLoad view = reporting.clusterLoad();
    NodeLoad own = view.selfReport().orElseThrow();
    assertEquals(address(first), own.node());
    assertEquals(address(first), view.self());
    assertTrue(own.heapUsed() > 0, own.toString());
    assertTrue(own.heapMax() == -1 || own.heapMax() >= own.heapUsed(), own.toString());
    assertTrue(own.processCpu() == -1 || (own.processCpu() >= 0 && own.processCpu() <= 1), own.toString());
    assertTrue(own.gcMillis() >= 0 && own.gcCount() >= 0, own.toString());
    assertEquals(12.5, own.edge().tenants().get("acme").lambda().oneSecond());
    assertEquals(Map.of(), own.pools());
    MemberLoad member = view.members().get(address(first));
    assertEquals(0, member.ageMillis());
    assertFalse(member.stale());
    assertEquals(1, view.sum().nodes());
    assertEquals(3, view.sum().inFlight());

    clock.addAndGet(Duration.ofHours(2).toMillis() + 1); // no new report meanwhile (interval 1 h)
    ClusterLoad later = reporting.clusterLoad();
    assertTrue(later.members().get(address(first)).stale());
    assertEquals(Duration.ofHours(2).toMillis() + 1, later.members().get(address(first)).ageMillis());
    assertEquals(0, later.sum().nodes(), "stale reports are left out of the sum");
    assertEquals(0.0, later.sum().lambda().oneSecond());
  }

  @Test
  void everyMemberSeesEveryReportAndSumsThemAndRemovedMembersAreDropped() {
    first = node("LoadCluster", null);
    second = node("LoadCluster", first);
    LoadReporting a = LoadReporting.start(first.system(), FAST);
    LoadReporting b = LoadReporting.start(second.system(), FAST);
    a.sources().edge(() -> edge("acme", 10, 1));
    b.sources().edge(() -> edge("acme", 30, 2));

    for (LoadReporting reporting : new LoadReporting[] {a, b}) {
      awaitUntil("both reports with figures", () -> {
        LoadSum sum = reporting.clusterLoad().sum();
        return sum.nodes() == 2 && sum.lambda().oneSecond() == 40.0;
      });
    }
    LoadSum sum = a.clusterLoad().sum();
    assertEquals(3, sum.inFlight());
    assertEquals(40.0, sum.tenants().get("acme").lambda().tenSeconds());
    assertEquals(40.0, sum.routes().get("records.get").completed().sixtySeconds());
    NodeLoad fromB = a.clusterLoad().members().get(address(second)).report();
    assertTrue(fromB.heapUsed() > 0, "the remote report carries its resources: " + fromB);

    String leaving = address(second);
    Cluster.get(second.system()).manager().tell(Leave.create(Cluster.get(second.system()).selfMember().address()));
    awaitUntil("the removed member dropped", () -> !a.clusterLoad().members().containsKey(leaving));
    assertEquals(1, a.clusterLoad().sum().nodes());
    assertEquals(10.0, a.clusterLoad().sum().lambda().oneSecond());
  }

  private static void awaitUntil(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + WAIT + " waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
