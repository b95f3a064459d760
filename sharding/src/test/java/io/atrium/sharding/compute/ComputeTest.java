package io.atrium.sharding.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.atrium.sharding.TestClusterNodes;
import io.atrium.sharding.balancer.BalancerCommand;
import io.atrium.sharding.balancer.BalancerSettings;
import io.atrium.sharding.balancer.BalancerSnapshot;
import io.atrium.sharding.jobs.JobSettings;
import io.atrium.sharding.jobs.JobTypes;
import io.atrium.sharding.load.LoadReporting;
import io.atrium.sharding.load.LoadSettings;
import io.atrium.sharding.load.PoolLoad;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Compute workers, router and load feed on real cluster nodes in this JVM; requests and replies
 * cross the network through the real serializer (jackson-cbor) when the worker is on the other node.
 */
class ComputeTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int WORKERS = 2;
  private static final LoadSettings FAST_REPORTS = new LoadSettings(Duration.ofMillis(200), Duration.ofSeconds(3));
  private static final String BODY = "{\"k\":\"a\",\"v\":1}\n{\"k\":\"b\",\"v\":2}\n{\"k\":\"a\",\"v\":4}\n";
  private static final String PARAMS = "{\"groupBy\":[\"k\"],\"field\":\"v\"}";
  private static final ObjectMapper JSON = new ObjectMapper();

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

  private record Node(ActorTestKit kit, Compute compute, LoadReporting load) {}

  private static Node node(String name, String strategy, ActorTestKit joinTo) {
    ActorTestKit kit = TestClusterNodes.joined(name, """
        atrium.compute.workers = %d
        atrium.balancer.strategy = %s
        """.formatted(WORKERS, strategy), joinTo);
    Config config = kit.system().settings().config();
    LoadReporting load = LoadReporting.start(kit.system(), FAST_REPORTS);
    Compute compute = Compute.start(kit.system(), ComputeSettings.fromConfig(config),
        BalancerSettings.fromConfig(config), JobTypes.create(JobSettings.fromConfig(config)), load);
    return new Node(kit, compute, load);
  }

  private static ComputeReply compute(Node node, String params, String body) {
    TestProbe<ComputeReply> replies = node.kit().createTestProbe();
    node.compute().router().tell(new BalancerCommand.Route<>(new ComputeRequest("default", "aggregate", params,
        body.getBytes(StandardCharsets.UTF_8), replies.ref())));
    return replies.receiveMessage(WAIT);
  }

  private static void awaitRoutees(Node node, int routees) {
    TestProbe<BalancerSnapshot> probe = node.kit().createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      node.compute().router().tell(new BalancerCommand.GetSnapshot<>(probe.ref()));
      assertEquals(routees, probe.receiveMessage().routees().size());
      return null;
    });
  }

  @Test
  void computesOnEveryNodesWorkersAndNamesTheNode() throws Exception {
    Node a = node("ComputeA", "round-robin", null);
    first = a.kit();
    Node b = node("ComputeA", "round-robin", a.kit());
    second = b.kit();
    awaitRoutees(a, 2 * WORKERS);

    Set<String> computedBy = new HashSet<>();
    for (int i = 0; i < 2 * WORKERS; i++) {
      ComputeReply.Computed computed = assertInstanceOf(ComputeReply.Computed.class, compute(a, PARAMS, BODY));
      computedBy.add(computed.node());
      JsonNode result = JSON.readTree(computed.resultJson());
      assertEquals(2, result.path("groups").size(), computed.resultJson());
      assertEquals(5.0, result.path("groups").path(0).path("sum").asDouble(), computed.resultJson());
    }
    assertEquals(Set.of(address(a), address(b)), computedBy, "round-robin reaches both nodes' workers");
  }

  @Test
  void aBadRowOrBadParamsIsRejectedAndNotCountedAgainstTheWorker() {
    Node a = node("ComputeBad", "atrium", null);
    first = a.kit();
    awaitRoutees(a, WORKERS);

    ComputeReply.Rejected row = assertInstanceOf(ComputeReply.Rejected.class, compute(a, PARAMS, BODY + "{oops\n"));
    assertEquals("invalid_row", row.code());
    assertTrue(row.message().startsWith("line 4: "), row.message());
    ComputeReply.Rejected params = assertInstanceOf(ComputeReply.Rejected.class, compute(a, "{\"groupBy\":[]}", BODY));
    assertEquals("invalid_params", params.code());

    TestProbe<BalancerSnapshot> probe = a.kit().createTestProbe();
    a.compute().router().tell(new BalancerCommand.GetSnapshot<>(probe.ref()));
    probe.receiveMessage().routees().forEach(routee -> assertEquals(0.0, routee.errorRate(), routee.toString()));
  }

  @Test
  void injectedFaultsAreAppliedAndShowInThePoolFigures() {
    Node a = node("ComputeFaults", "atrium", null);
    first = a.kit();
    awaitRoutees(a, WORKERS);

    a.compute().faults().set(new Fault(5, 0, 1.0, 1.0));
    ComputeReply.Failed failed = assertInstanceOf(ComputeReply.Failed.class, compute(a, PARAMS, BODY));
    assertFalse(failed.unavailable(), failed.toString());
    a.compute().faults().clear();
    assertInstanceOf(ComputeReply.Computed.class, compute(a, PARAMS, BODY));

    TestProbe<BalancerSnapshot> snapshots = a.kit().createTestProbe();
    a.compute().router().tell(new BalancerCommand.GetSnapshot<>(snapshots.ref()));
    assertTrue(snapshots.receiveMessage().routees().stream().anyMatch(routee -> routee.errorRate() > 0),
        "the router counted the injected failure");
    // The pool's figures reach the node's own report. Computes keep coming (one per poll, several per
    // report interval), so every interval has a service time of its own.
    TestProbe<Object> probe = a.kit().createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      assertInstanceOf(ComputeReply.Computed.class, compute(a, PARAMS, BODY));
      PoolLoad pool = a.load().clusterLoad().selfReport().orElseThrow().pools().get(ComputeSettings.POOL);
      assertEquals(WORKERS, pool.workers());
      assertTrue(pool.serviceTimeMillis() > 0, pool.toString());
      return null;
    });
  }

  private static String address(Node node) {
    return TestClusterNodes.address(node.kit());
  }
}
