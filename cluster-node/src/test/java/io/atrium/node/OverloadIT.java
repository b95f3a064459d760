package io.atrium.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.node.harness.HarnessAuth;
import io.atrium.node.harness.LocalCluster;
import io.atrium.node.harness.NodeJvm;
import io.atrium.node.harness.NodeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 4, overload: one node offered about three times what it can serve of durable record writes,
 * from an open-loop client (a fixed rate, whatever the answers). Asserted: every answer is 2xx, 429
 * or 503 (never another 5xx, never a dropped connection); admission control sheds the excess and
 * admitted requests never queue towards the request timeout; half load is served (at most 5 % shed).
 *
 * <p>The latency target (admitted p99 under overload within 3x its half-load value) is a
 * speed target, so it is measured, not asserted: printed as MEASURED with met/missed and recorded in
 * BENCHMARKS.md. On two shared cores that ratio ranged 1.0-3.8 between runs of the same code.
 */
class OverloadIT {

  private static final int KEYS = 500;
  // Without admission control, 3x overload queues requests until the 20 s request timeout: the p99 of
  // every 10 s window would be many seconds. With it, windows measured 0.2-0.5 s, and up to 1.3 s in
  // the first window, while the limit comes down from its initial 100.
  private static final double ADMITTED_P99_CEILING_MS = 5_000;
  // "Half" is half of a short closed-loop burst, which the node cannot sustain for long with its read
  // sides catching up: there, latency spikes made Gradient2 shed up to ~3 % in one run of five. An
  // admission control that shed healthy load would shed far more.
  private static final double HALF_LOAD_SHED_ALLOWANCE = 0.05;
  // Capacity is measured in rounds until one is within 10 % of the round before: JIT compilation on
  // two shared cores and the first recovery of every key keep raising it for the first 10-20 s.
  private static final Duration CAPACITY_ROUND = Duration.ofSeconds(5);
  private static final int MAX_CAPACITY_ROUNDS = 8;
  // Both phases are read in three 10 s windows and compared by their median window.
  private static final Duration HALF_LOAD_RUN = Duration.ofSeconds(30);
  private static final Duration OVERLOAD_RUN = Duration.ofSeconds(30);
  // Enough to saturate one node (a write takes ~10-20 ms), few enough that the client stays cheap.
  private static final int CLOSED_LOOP_CLIENTS = 16;
  // A closed-loop client answered 503 waits this long before its next write instead of spinning.
  private static final long SHED_PAUSE_MILLIS = 5;
  /**
   * The open-loop client's cap on requests in flight, i.e. on its HTTP/1.1 connections, as wrk or hey
   * have one. Without it, every stall of the shared two-core machine makes the client open hundreds of
   * connections at once, until its own selector thread misses connect deadlines and it runs out of
   * file descriptors: failures of the load generator, not of the node. A tick that finds the cap
   * reached sends nothing and is counted as unsent.
   */
  private static final int MAX_IN_FLIGHT = 256;

  // Rate limiting is per tenant and would answer 429 before admission is ever tested.
  @RegisterExtension final LocalCluster cluster = new LocalCluster(Map.of("atrium.rate-limit.enabled", "false"),
      NodeJvm.PRODUCTION);

  // A collection of its own per run: keys written by earlier runs against the same Cassandra would
  // make every first write recover a long journal.
  private final String collection = "overload-" + System.currentTimeMillis();
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  @Test
  void aNodeOfferedThreeTimesItsCapacityAnswersEveryRequestAndShedsTheExcess() throws Exception {
    NodeProcess node = cluster.startNodes(1).get(0);

    double capacity = capacity(node);
    Run half = openLoop(node, capacity / 2, HALF_LOAD_RUN);
    Run overload = openLoop(node, capacity * 3, OVERLOAD_RUN);

    double ratio = overload.medianP99Ms() / half.medianP99Ms();
    System.out.printf("MEASURED overload: capacity %.0f writes/s; half load %.0f/s offered: admitted p99 %s, "
            + "statuses %s; 3x load %.0f/s offered: admitted p99 %s per 10 s, statuses %s, %.0f answers/s, "
            + "%d not sent (client at %d in flight); unanswered: %s; median window p99 overload / half load "
            + "= %.2fx (target <= 3x: %s)%n",
        capacity, capacity / 2, half.readings, half.statuses, capacity * 3, overload.readings, overload.statuses,
        overload.answered() / (double) OVERLOAD_RUN.toSeconds(), overload.unsent, MAX_IN_FLIGHT, overload.failures,
        ratio, ratio <= 3 ? "met" : "missed");

    overload.statuses.forEach((status, count) -> assertTrue(
        (status >= 200 && status < 300) || status == 429 || status == 503,
        count + " answers with status " + status + " (0 = no answer): " + overload.statuses
            + ", unanswered because " + overload.failures));
    assertTrue(overload.ok() > 0, "nothing was admitted under overload: " + overload.statuses);
    assertTrue(overload.statuses.getOrDefault(503, 0L) > 0, "admission shed nothing at 3x: " + overload.statuses);
    assertTrue(overload.maxP99Ms() < ADMITTED_P99_CEILING_MS,
        "admitted requests queued under overload: p99 per 10 s " + overload.readings);
    long halfServed = half.ok();
    long halfAnswered = half.answered();
    assertTrue(halfServed >= (1 - HALF_LOAD_SHED_ALLOWANCE) * halfAnswered,
        "half load must be served (at most " + HALF_LOAD_SHED_ALLOWANCE * 100 + " % shed): " + half.statuses);
  }

  /** The closed-loop write rate once it has stopped growing (or after the last round). */
  private double capacity(NodeProcess node) throws Exception {
    double previous = closedLoop(node, CAPACITY_ROUND);
    for (int round = 2; round <= MAX_CAPACITY_ROUNDS; round++) {
      double current = closedLoop(node, CAPACITY_ROUND);
      if (Math.abs(current - previous) <= 0.1 * previous) {
        return current;
      }
      previous = current;
    }
    return previous;
  }

  /** Writes/s the node completes with 2xx (what its admission control lets through) when {@code CLOSED_LOOP_CLIENTS} clients write back to back. */
  private double closedLoop(NodeProcess node, Duration length) throws Exception {
    LongAdder ok = new LongAdder();
    long end = System.nanoTime() + length.toNanos();
    Thread[] clients = new Thread[CLOSED_LOOP_CLIENTS];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = new Thread(() -> {
        while (System.nanoTime() < end) {
          try {
            if (http.send(write(node), HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2) {
              ok.increment();
            } else {
              Thread.sleep(SHED_PAUSE_MILLIS);
            }
          } catch (InterruptedException e) {
            return;
          } catch (Exception e) {
            // Counted as not done; the capacity is what the node completed under its own admission control.
          }
        }
      }, "closed-loop-" + i);
      clients[i].start();
    }
    for (Thread client : clients) {
      client.join();
    }
    return ok.sum() / (double) length.toSeconds();
  }

  /**
   * What an open-loop run saw: answers by status (0: none), why the unanswered ones failed (exception
   * and message, so a failure here says whether the client or the node gave up), ticks that found the
   * client at its in-flight cap, and the node's own readings every 10 s.
   */
  private record Run(Map<Integer, Long> statuses, Map<String, Long> failures, long unsent, List<Reading> readings) {
    long ok() {
      return statuses.entrySet().stream().filter(e -> e.getKey() / 100 == 2).mapToLong(Map.Entry::getValue).sum();
    }

    long answered() {
      return statuses.entrySet().stream().filter(e -> e.getKey() != 0).mapToLong(Map.Entry::getValue).sum();
    }

    /** The median of the 10 s readings: one GC or compaction pause decides one window, not the phase. */
    double medianP99Ms() {
      double[] sorted = readings.stream().mapToDouble(Reading::admittedP99Ms).sorted().toArray();
      return sorted[sorted.length / 2];
    }

    double maxP99Ms() {
      return readings.stream().mapToDouble(Reading::admittedP99Ms).max().orElse(0);
    }
  }

  /**
   * The node's {@code GET /ops/load}: p99 of records.put over its 10 s window (admitted requests only;
   * a shed request never reaches the route) and the admission limit at that moment.
   */
  private record Reading(double admittedP99Ms, int limit) {
    static Reading of(NodeProcess node) throws Exception {
      JsonNode load = node.get("/ops/load").body();
      return new Reading(load.path("routes").path("records.put").path("latency").path("10s").path("p99").asDouble(),
          load.path("concurrencyLimit").asInt());
    }

    @Override
    public String toString() {
      return String.format("%.1f ms (limit %d)", admittedP99Ms, limit);
    }
  }

  /** Sends {@code perSecond} writes per second for {@code length}, whatever the answers. */
  private Run openLoop(NodeProcess node, double perSecond, Duration length) throws Exception {
    Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    LongAdder unsent = new LongAdder();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    long periodNanos = (long) (1e9 / perSecond);
    ticker.scheduleAtFixedRate(() -> {
      if (!inFlight.tryAcquire()) {
        unsent.increment();
        return;
      }
      http.sendAsync(write(node), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
        statuses.computeIfAbsent(error == null ? response.statusCode() : 0, s -> new LongAdder()).increment();
        if (error != null) {
          Throwable cause = error.getCause() != null ? error.getCause() : error;
          failures.computeIfAbsent(cause.getClass().getSimpleName() + ": " + cause.getMessage(), f -> new LongAdder())
              .increment();
        }
        inFlight.release();
      });
    }, 0, periodNanos, TimeUnit.NANOSECONDS);
    List<Reading> readings = new ArrayList<>();
    for (long waited = 0; waited < length.toSeconds(); waited += 10) {
      Thread.sleep(Math.min(10, length.toSeconds() - waited) * 1000);
      readings.add(Reading.of(node));
    }
    ticker.shutdownNow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (inFlight.availablePermits() < MAX_IN_FLIGHT && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Map<Integer, Long> counts = new TreeMap<>();
    statuses.forEach((status, count) -> counts.put(status, count.sum()));
    Map<String, Long> failed = new TreeMap<>();
    failures.forEach((failure, count) -> failed.put(failure, count.sum()));
    return new Run(counts, failed, unsent.sum(), readings);
  }

  private HttpRequest write(NodeProcess node) {
    int key = ThreadLocalRandom.current().nextInt(KEYS);
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/records/" + collection + "/k-" + key))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + HarnessAuth.ADMIN_TOKEN)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"payload\":\"" + "x".repeat(200) + "\"}"))
        .build();
  }
}
