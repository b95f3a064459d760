package io.atrium.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.node.harness.Await;
import io.atrium.node.harness.LocalCluster;
import io.atrium.node.harness.NodeProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-tenant rate limit holds for the whole cluster: one tenant's requests spread over three
 * real node processes are let through at the configured cluster rate, not three times it.
 */
class RateLimitIT {

  private static final int RATE = 50;
  private static final int BURST = 50;
  private static final Duration LOAD_DURATION = Duration.ofSeconds(10);
  /** Three times the limit, spread evenly: every node's share is exhausted all the time. */
  private static final int OFFERED_PER_SECOND = 3 * RATE;
  private static final double TOLERANCE = 0.10;
  private static final Duration REPORTS_TIMEOUT = Duration.ofSeconds(30);
  private static final String PATH = "/v1/records/rate-limit-it/missing";

  @RegisterExtension final LocalCluster cluster = new LocalCluster(Map.of(
      "atrium.rate-limit.enabled", "on",
      "atrium.rate-limit.default.rate", Integer.toString(RATE),
      "atrium.rate-limit.default.burst", Integer.toString(BURST),
      // Nothing else may refuse requests: only the rate limit is measured.
      "atrium.http.admission.enabled", "off"));

  @Test
  void opsLoadListsEveryMemberWithAFreshReport() {
    List<NodeProcess> nodes = cluster.startNodes(3);
    Set<String> addresses = nodes.stream().map(NodeProcess::address).collect(Collectors.toCollection(TreeSet::new));

    awaitFreshReports(nodes.get(0), addresses);

    JsonNode load = opsLoad(nodes.get(0));
    assertEquals(addresses, memberNames(load));
    for (String address : addresses) {
      JsonNode member = load.path("cluster").path("members").path(address);
      assertEquals(address, member.path("report").path("node").asText());
      assertTrue(member.path("ageMillis").asLong() >= 0, member.toString());
      assertTrue(member.path("report").path("heapUsed").asLong() > 0, member.toString());
    }
    assertEquals(3, load.path("cluster").path("sum").path("nodes").asInt(), load.toString());
  }

  @Test
  void clusterWideRateHoldsWhenOneTenantsRequestsAreSpreadOverThreeNodes() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(3);
    Set<String> addresses = nodes.stream().map(NodeProcess::address).collect(Collectors.toCollection(TreeSet::new));
    for (NodeProcess node : nodes) {
      awaitFreshReports(node, addresses); // shares are computed from all three members' reports
    }

    ConcurrentMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    LongAdder failures = new LongAdder();
    List<CompletableFuture<Void>> inFlight = new ArrayList<>();
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / OFFERED_PER_SECOND;
    long start = System.nanoTime();
    long end = start + LOAD_DURATION.toNanos();
    int sent = 0;
    // Open loop: requests leave on a fixed schedule whatever the answers, round-robin over the nodes.
    for (long next = start; next < end; next += intervalNanos) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      NodeProcess node = nodes.get(sent++ % nodes.size());
      inFlight.add(node.sendAsync("GET", PATH, null)
          .thenAccept(reply -> statuses.computeIfAbsent(reply.status(), s -> new LongAdder()).increment())
          .exceptionally(error -> {
            failures.increment();
            return null;
          }));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    long limited = count(statuses, 429);
    long passed = sent - limited - failures.sum();
    double expected = RATE * seconds;
    System.out.printf("MEASURED rate limit: %d sent in %.1f s over 3 nodes (%.0f/s), %d passed (%.1f/s; "
            + "limit %d/s + burst %d), %d refused with 429, %d failed; statuses %s%n",
        sent, seconds, sent / seconds, passed, passed / seconds, RATE, BURST, limited, failures.sum(), statuses);

    assertEquals(0, failures.sum(), "every request was answered");
    assertEquals(Set.of(404, 429), statuses.keySet(), "only the record's 404 or the limit's 429: " + statuses);
    assertTrue(passed >= expected * (1 - TOLERANCE),
        "passed " + passed + " < " + expected + " - 10 %: the limit must not under-admit");
    assertTrue(passed <= expected * (1 + TOLERANCE) + BURST,
        "passed " + passed + " > " + expected + " + 10 % + burst " + BURST + ": the limit did not hold cluster-wide");
    JsonNode load = opsLoad(nodes.get(0));
    assertTrue(load.path("shed").path("rate-limited").asLong() > 0, load.toString());
    assertTrue(load.path("rateLimits").path("default").path("share").asDouble() < 1.0,
        "node1 enforces a share, not the whole rate: " + load.path("rateLimits"));
  }

  private static long count(Map<Integer, LongAdder> statuses, int status) {
    LongAdder adder = statuses.get(status);
    return adder == null ? 0 : adder.sum();
  }

  private static void awaitFreshReports(NodeProcess node, Set<String> addresses) {
    Await.until(node.name() + " to list fresh reports of " + addresses, REPORTS_TIMEOUT,
        () -> {
          JsonNode load = opsLoad(node);
          return memberNames(load).equals(addresses)
              && load.path("cluster").path("sum").path("nodes").asInt() == addresses.size();
        },
        () -> "Last /ops/load: " + opsLoad(node));
  }

  private static Set<String> memberNames(JsonNode load) {
    Set<String> names = new TreeSet<>();
    load.path("cluster").path("members").fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode opsLoad(NodeProcess node) {
    return node.getOrMissing("/ops/load");
  }
}
