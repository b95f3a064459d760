package io.atrium.node;

import static io.atrium.node.harness.LocalCluster.members;
import static io.atrium.node.harness.LocalCluster.shards;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.atrium.node.harness.Await;
import io.atrium.node.harness.LocalCluster;
import io.atrium.node.harness.NodeProcess;
import io.atrium.node.harness.ReadinessPoller;
import io.atrium.node.harness.WriteProbe;
import io.atrium.sharding.records.RecordEntity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7, tests 2 and 3: planned operations under steady write load fail no request. The client
 * behaves like a load balancer: it sends only to nodes whose {@code /health/ready} answered 200 at its
 * latest poll ({@link ReadinessPoller}). A request fails when it is answered non-2xx or not at all
 * (WriteProbe's request timeout); none is retried by the client.
 *
 * <p>The operations start from a steady state: five seconds without a failure and no write waiting
 * longer than a second. Fresh JVMs shed and time out writes while they compile and while the first
 * shard homes are allocated; writes caught in that fail only after the edge's ask budget, i.e. after
 * the operations began (61 at once in one run, when the steady state still let writes 4 s old wait).
 */
class RollingOperationsIT {

  private static final int KEYS = 300;
  private static final int WRITES_PER_SECOND = 50;
  /** What a load balancer would poll at; well inside atrium.http.not-ready-grace (2 s). */
  private static final Duration READINESS_POLL = Duration.ofMillis(150);
  /** Readiness asks Cassandra and Kafka: on two shared cores its p99 was ~0.8 s. A 503 counts at once. */
  private static final Duration READINESS_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration STEADY_WINDOW = Duration.ofSeconds(5);
  private static final Duration STEADY_TIMEOUT = Duration.ofSeconds(90);
  /** atrium.node.shutdown-deadline (20 s) plus the JVM's exit. */
  private static final Duration EXIT_BOUND = Duration.ofSeconds(25);
  /** The placement's rebalance rounds (pekko.cluster.sharding.rebalance-interval) on a loaded machine. */
  private static final Duration REBALANCE_BOUND = Duration.ofSeconds(90);
  private static final Duration AFTER_OPERATIONS = Duration.ofSeconds(30);
  private static final String RECORDS = RecordEntity.ENTITY_KEY.name();
  private static final int FAILURES_SHOWN = 20;

  @RegisterExtension final LocalCluster cluster = new LocalCluster();

  @Test
  void rollingRestartOfEveryNodeUnderLoadFailsNoRequest() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(3);
    try (Load load = Load.start(cluster, "rolling")) {
      for (NodeProcess node : nodes) {
        long terminatedAt = System.nanoTime();
        node.terminate();
        assertEquals(0, node.waitForExit(EXIT_BOUND), node.name() + " exits 0 after SIGTERM");
        double exitSeconds = secondsSince(terminatedAt);
        long restartedAt = System.nanoTime();
        cluster.restart(node);
        Await.until(node.name() + " ready again at the balancer", LocalCluster.STARTUP_TIMEOUT,
            () -> load.balancer().isReady(node));
        System.out.printf("MEASURED rolling restart: %s SIGTERM -> exit 0 %.1f s, restart -> Up and ready %.1f s%n",
            node.name(), exitSeconds, secondsSince(restartedAt));
      }
      long lastRestartAt = System.nanoTime();
      load.finish("rolling restart of 3 nodes", lastRestartAt, nodes.get(0));
    }
  }

  @Test
  void aFourthNodeTakesShardsAndANodeLeavesGracefullyUnderLoadFailingNoRequest() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(3);
    try (Load load = Load.start(cluster, "scaling")) {
      NodeProcess observer = nodes.get(1);

      long addedAt = System.nanoTime();
      NodeProcess fourth = cluster.addNode();
      Await.until("node4 ready at the balancer", LocalCluster.STARTUP_TIMEOUT, () -> load.balancer().isReady(fourth));
      double readySeconds = secondsSince(addedAt);
      Await.until("record shards on node4", REBALANCE_BOUND, () -> recordShards(observer).getOrDefault(fourth.address(), 0) > 0,
          () -> "shards: " + recordShards(observer));
      System.out.printf("MEASURED scale out: node4 start -> Up and ready %.1f s, -> hosts record shards %.1f s; "
          + "record shards per member %s%n", readySeconds, secondsSince(addedAt), recordShards(observer));

      // The oldest node hosts the shard coordinator: its leaving moves that too.
      NodeProcess leaver = nodes.get(0);
      List<NodeProcess> remaining = List.of(nodes.get(1), nodes.get(2), fourth);
      long terminatedAt = System.nanoTime();
      leaver.terminate();
      assertEquals(0, leaver.waitForExit(EXIT_BOUND), "the removed node exits 0 after SIGTERM");
      double exitSeconds = secondsSince(terminatedAt);
      for (NodeProcess node : remaining) {
        Await.until(node.name() + " to see " + leaver.name() + " removed", EXIT_BOUND,
            () -> node.clusterView().map(v -> members(v).equals(addresses(remaining))).orElse(false));
      }
      Await.until("every key written after the removal", AFTER_OPERATIONS,
          () -> load.probe().recoveryNanos(terminatedAt).isPresent());
      Map<String, Integer> after = recordShards(observer);
      System.out.printf("MEASURED scale in: node1 SIGTERM -> exit 0 %.1f s; record shards per member %s%n",
          exitSeconds, after);
      assertEquals(addresses(remaining), after.keySet(), "no shards listed for the removed node");
      assertFalse(after.containsValue(0), "every remaining member hosts record shards: " + after);
      load.finish("scale out to 4 and in to 3", terminatedAt, observer);
    }
  }

  /**
   * The probe's writes, sent to the nodes the balancer last found ready. Fresh JVMs shed some writes
   * while they compile, so the operations start from a steady state: {@code startedAt}.
   */
  private record Load(ReadinessPoller balancer, WriteProbe probe, long startedAt) implements AutoCloseable {

    static Load start(LocalCluster cluster, String collection) {
      ReadinessPoller balancer = ReadinessPoller.start(cluster::running, READINESS_POLL, READINESS_TIMEOUT);
      WriteProbe probe = new WriteProbe(collection, KEYS);
      probe.start(WRITES_PER_SECOND, balancer::readyPorts);
      Await.until("five seconds of acknowledged writes, none failed or waiting long", STEADY_TIMEOUT,
          () -> probe.isSteady(STEADY_WINDOW),
          () -> "Failures in the last 5 s:\n" + String.join("\n",
              probe.failureReasonsAfter(System.nanoTime() - STEADY_WINDOW.toNanos(), FAILURES_SHOWN)));
      return new Load(balancer, probe, System.nanoTime());
    }

    /**
     * Once every key has been written after {@code lastOperationAt}, stops the writes; asserts that
     * none failed since the operations started and every acknowledged write reads back through
     * {@code reader}.
     */
    void finish(String operations, long lastOperationAt, NodeProcess reader) throws Exception {
      Await.until("every key written after the last operation", AFTER_OPERATIONS,
          () -> probe.recoveryNanos(lastOperationAt).isPresent());
      probe.stop();
      long failed = probe.failuresAfter(startedAt);
      System.out.printf("MEASURED %s under %d writes/s: %.1f s, %d requests, %d failed (%d failed in the warm-up "
              + "before)%n", operations, WRITES_PER_SECOND, secondsSince(startedAt), probe.sentAfter(startedAt),
          failed, probe.failuresAfter(Long.MIN_VALUE) - failed);
      assertEquals(0, failed, "failed requests, first " + FAILURES_SHOWN + ":\n"
          + String.join("\n", probe.failureReasonsAfter(startedAt, FAILURES_SHOWN)));
      probe.assertEveryAcknowledgedWriteReadsBack(reader);
    }

    @Override
    public void close() throws InterruptedException {
      probe.close();
      balancer.close();
    }
  }

  private static Map<String, Integer> recordShards(NodeProcess node) {
    return node.clusterView().map(view -> shards(view, RECORDS)).orElse(Map.of());
  }

  private static Set<String> addresses(List<NodeProcess> nodes) {
    return nodes.stream().map(NodeProcess::address).collect(Collectors.toCollection(TreeSet::new));
  }

  private static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
