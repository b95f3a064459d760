package io.atrium.node;

import static io.atrium.node.harness.LocalCluster.members;
import static io.atrium.node.harness.LocalCluster.unreachable;
import static io.atrium.node.harness.LocalCluster.upMembers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.node.harness.Await;
import io.atrium.node.harness.LocalCluster;
import io.atrium.node.harness.NodeProcess;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Membership with real node processes: forming, crashing, leaving and joining. */
class ClusterMembershipIT {

  /** Failure detection (3 s) + SBR stable-after (5 s) + removal, with room for a loaded CI machine. */
  private static final Duration DOWN_AND_REMOVE_BOUND = Duration.ofSeconds(30);
  private static final Duration GRACEFUL_EXIT_BOUND = Duration.ofSeconds(25);

  @RegisterExtension final LocalCluster cluster = new LocalCluster();

  @Test
  void threeNodesFormOneClusterAndAgreeOnMembership() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(3);

    Set<String> expected = addresses(nodes);
    for (NodeProcess node : nodes) {
      JsonNode view = node.clusterView().orElseThrow();
      assertEquals(expected, upMembers(view), node.name() + " sees the three nodes Up");
      assertEquals(node.address(), view.get("self").asText());
      assertEquals("Up", view.get("selfStatus").asText());
      assertTrue(expected.contains(view.get("leader").asText()), "leader is one of the members");
      view.get("members").forEach(m -> assertFalse(m.get("upSince").isNull(), "upSince of " + m));
    }
    Set<String> leaders = nodes.stream()
        .map(n -> n.clusterView().orElseThrow().get("leader").asText())
        .collect(Collectors.toSet());
    assertEquals(1, leaders.size(), "all nodes agree on one leader");
    for (NodeProcess node : nodes) {
      Await.until(node.name() + " ready", LocalCluster.STARTUP_TIMEOUT, () -> status(node, "/health/ready") == 200);
    }
  }

  @Test
  void crashedNodeIsDownedAndRemovedWhileTheOthersKeepServing() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(3);
    NodeProcess victim = nodes.get(2);
    List<NodeProcess> survivors = nodes.subList(0, 2);

    long killedAt = System.nanoTime();
    victim.kill();

    for (NodeProcess survivor : survivors) {
      Await.until(survivor.name() + " to mark " + victim.name() + " unreachable or remove it", DOWN_AND_REMOVE_BOUND,
          () -> survivor.clusterView()
              .map(v -> unreachable(v).contains(victim.address()) || !members(v).contains(victim.address()))
              .orElse(false));
    }
    double unreachableSeconds = secondsSince(killedAt);
    for (NodeProcess survivor : survivors) {
      Await.until(survivor.name() + " to remove " + victim.name(), DOWN_AND_REMOVE_BOUND,
          () -> survivor.clusterView()
              .map(v -> upMembers(v).equals(addresses(survivors)) && members(v).equals(addresses(survivors)))
              .orElse(false));
    }
    double removedSeconds = secondsSince(killedAt);
    System.out.printf("MEASURED kill -9 -> unreachable %.1f s, -> downed and removed %.1f s%n",
        unreachableSeconds, removedSeconds);

    for (NodeProcess survivor : survivors) {
      assertEquals(200, status(survivor, "/health/ready"), survivor.name() + " still ready");
      assertTrue(unreachable(survivor.clusterView().orElseThrow()).isEmpty());
    }
    // A crash (nothing listens on the port any more) is downed by the crash probe, not after the
    // split-brain resolver's stable-after.
    assertTrue(Files.readString(survivors.get(0).logFile()).contains("its process is gone; downing it")
            || Files.readString(survivors.get(1).logFile()).contains("its process is gone; downing it"),
        "the crash probe downed the crashed node");
  }

  @Test
  void terminatedNodeLeavesGracefullyAndExitsZero() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(3);
    NodeProcess leaver = nodes.get(1);
    List<NodeProcess> stayers = List.of(nodes.get(0), nodes.get(2));

    leaver.terminate();

    assertEquals(0, leaver.waitForExit(GRACEFUL_EXIT_BOUND), "a SIGTERM'd node exits 0");
    for (NodeProcess stayer : stayers) {
      Await.until(stayer.name() + " to see " + leaver.name() + " removed", GRACEFUL_EXIT_BOUND,
          () -> stayer.clusterView().map(v -> members(v).equals(addresses(stayers))).orElse(false));
    }
    String leaverLog = Files.readString(leaver.logFile());
    assertTrue(leaverLog.contains("Exiting completed"), "the node went through Leaving and Exiting");
    for (NodeProcess stayer : stayers) {
      assertFalse(Files.readString(stayer.logFile()).contains("SBR took decision"),
          stayer.name() + ": nobody was downed, the node left by itself");
    }
  }

  @Test
  void fourthNodeJoinsTheRunningCluster() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(3);

    NodeProcess fourth = cluster.addNode();

    List<NodeProcess> all = List.of(nodes.get(0), nodes.get(1), nodes.get(2), fourth);
    for (NodeProcess node : all) {
      assertEquals(addresses(all), upMembers(node.clusterView().orElseThrow()), node.name());
    }
    Await.until("the new node ready", LocalCluster.STARTUP_TIMEOUT, () -> status(fourth, "/health/ready") == 200);
  }

  private static Set<String> addresses(List<NodeProcess> nodes) {
    return nodes.stream().map(NodeProcess::address).collect(Collectors.toCollection(TreeSet::new));
  }

  private static int status(NodeProcess node, String path) {
    try {
      return node.get(path).status();
    } catch (Exception e) {
      return -1;
    }
  }

  private static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
