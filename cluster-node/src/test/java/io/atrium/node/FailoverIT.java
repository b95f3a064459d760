package io.atrium.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.node.harness.Await;
import io.atrium.node.harness.LocalCluster;
import io.atrium.node.harness.NodeProcess;
import io.atrium.node.harness.WriteProbe;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7, test 1: a node crashes under steady write load; the cluster recovers within a bound and
 * loses no acknowledged write. Recovery is measured as the README defines it (WriteProbe).
 */
class FailoverIT {

  private static final int KEYS = 300;
  /**
   * What three test nodes sustain here (150/s and 300/s never reached two seconds without a failure
   * on two cores). Recovery ends at the first successful write of the last key, so the probe's cycle
   * (keys / rate = 3 s) is part of every measured recovery: the README says so beside the figure.
   */
  private static final int WRITES_PER_SECOND = 100;
  private static final Duration WARM_UP = Duration.ofSeconds(8);
  private static final Duration AFTER_KILL = Duration.ofSeconds(30);
  private static final Duration STEADY_WINDOW = Duration.ofSeconds(2);
  private static final Duration STEADY_TIMEOUT = Duration.ofSeconds(60);
  /** Generous for CI on two shared cores; the measured figure is printed and recorded in BENCHMARKS.md. */
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(15);

  @RegisterExtension final LocalCluster cluster = new LocalCluster();

  @Test
  void aCrashedNodesKeysAreWritableAgainWithinTheBoundAndNoAcknowledgedWriteIsLost() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(3);
    // The oldest node hosts the shard coordinators: its crash is the slowest case.
    NodeProcess victim = nodes.get(0);
    List<NodeProcess> survivors = nodes.subList(1, 3);

    try (WriteProbe probe = new WriteProbe("failover", KEYS)) {
      probe.start(WRITES_PER_SECOND, () -> nodes.stream().filter(NodeProcess::isAlive).map(NodeProcess::httpPort).toList());
      Thread.sleep(WARM_UP.toMillis());
      // Fresh JVMs shed some writes while they compile and recover entities; measure from a steady state.
      Await.until("two seconds of acknowledged writes, none failed or waiting long, before the kill", STEADY_TIMEOUT,
          () -> probe.isSteady(STEADY_WINDOW),
          () -> "Recent failures: " + probe.failureReasonsAfter(System.nanoTime() - STEADY_WINDOW.toNanos(), 5));
      long killedAt = System.nanoTime();
      victim.kill();
      probe.target(() -> survivors.stream().map(NodeProcess::httpPort).toList());
      Await.until("every key written again after the kill", AFTER_KILL,
          () -> probe.recoveryNanos(killedAt).isPresent());
      Thread.sleep(3_000);
      probe.stop();

      for (NodeProcess survivor : survivors) {
        JsonNode load = survivor.get("/ops/load").body();
        System.out.printf("%s: shed %s, errors %s%n", survivor.name(), load.path("shed"), load.path("errors"));
      }
      OptionalLong recovery = probe.recoveryNanos(killedAt);
      assertTrue(recovery.isPresent(), "some key was never written again after the kill");
      double seconds = recovery.getAsLong() / 1e9;
      System.out.printf("MEASURED kill -9 of the oldest node -> recovered %.2f s, %d failed requests after the kill%n",
          seconds, probe.failuresAfter(killedAt));
      System.out.println("MEASURED failures after the kill by second (+s) and reason: " + probe.failuresBySecondAfter(killedAt));
      assertTrue(seconds <= RECOVERY_BOUND.toSeconds(), "recovery took " + seconds + " s");

      probe.assertEveryAcknowledgedWriteReadsBack(survivors.get(0));
    }
  }
}
