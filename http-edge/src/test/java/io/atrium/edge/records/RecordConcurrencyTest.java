package io.atrium.edge.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.edge.TestHttp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 50 clients doing read-modify-write with If-Match on one key. Optimistic concurrency is right when
 * every accepted write got its own version, the versions have no gaps, and no increment is lost.
 */
class RecordConcurrencyTest {

  private static final int CLIENTS = 50;
  private static final int WRITES_PER_CLIENT = 2;
  /** Per client; far above what the contention needs (each round has one winner). */
  private static final int MAX_ATTEMPTS_PER_CLIENT = 2_000;
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String PATH = RecordsTestNode.path("counters", "hot");

  @TempDir
  static Path snapshots;

  private static RecordsTestNode node;
  private static TestHttp http;

  @BeforeAll
  static void start() {
    node = RecordsTestNode.start("RecordConcurrencyTest", snapshots);
    http = node.http;
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  /** The ETag of every 2xx write, by the status it came with; filled by all clients. */
  private final Map<String, Integer> successfulEtags = new ConcurrentHashMap<>();
  private final AtomicInteger oks = new AtomicInteger();
  private final AtomicInteger preconditionFailures = new AtomicInteger();

  @Test
  void everyAcceptedWriteGetsItsOwnVersionAndNoIncrementIsLost() throws Exception {
    HttpResponse<String> created = http.request("PUT", PATH, "{\"count\":0}",
        "Content-Type", "application/json", "If-None-Match", "*");
    assertEquals(201, created.statusCode(), created.body());
    record(created);

    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    CountDownLatch startTogether = new CountDownLatch(1);
    List<Future<?>> clients = new ArrayList<>();
    try {
      for (int i = 0; i < CLIENTS; i++) {
        String client = "client-" + i;
        clients.add(pool.submit(() -> {
          startTogether.await();
          runClient(client);
          return null;
        }));
      }
      startTogether.countDown();
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      for (Future<?> client : clients) {
        client.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    JsonNode current = TestHttp.json(http.get(PATH));
    long finalVersion = current.path("version").asLong();
    assertEquals(CLIENTS * WRITES_PER_CLIENT, oks.get());
    assertEquals(oks.get() + 1, finalVersion, "the 201 and every 200 each made exactly one version");
    assertEquals(oks.get(), current.path("value").path("count").asInt(), "no increment was lost");
    // No two writers were told the same version, and together they were told every version.
    assertEquals(LongStream.rangeClosed(1, finalVersion).mapToObj(v -> "\"" + v + "\"").collect(Collectors.toSet()),
        successfulEtags.keySet());
    assertEquals(finalVersion, successfulEtags.size());
    assertEquals(1, successfulEtags.values().stream().filter(status -> status == 201).count());
    assertTrue(preconditionFailures.get() > 0, "the clients did contend");
  }

  /** Reads the counter, writes it plus one with If-Match, retries on 412 until it has its writes. */
  private void runClient(String client) {
    int written = 0;
    for (int attempt = 1; written < WRITES_PER_CLIENT; attempt++) {
      if (attempt > MAX_ATTEMPTS_PER_CLIENT || Thread.currentThread().isInterrupted()) {
        throw new AssertionError(client + " gave up after " + MAX_ATTEMPTS_PER_CLIENT + " attempts");
      }
      HttpResponse<String> read = http.get(PATH);
      assertEquals(200, read.statusCode(), read.body());
      String etag = read.headers().firstValue("ETag").orElseThrow();
      int count = TestHttp.json(read).path("value").path("count").asInt();

      HttpResponse<String> write = http.request("PUT", PATH, "{\"count\":" + (count + 1) + ",\"by\":\"" + client + "\"}",
          "Content-Type", "application/json", "If-Match", etag);
      if (write.statusCode() == 200) {
        record(write);
        oks.incrementAndGet();
        written++;
      } else {
        assertEquals(412, write.statusCode(), write.body());
        preconditionFailures.incrementAndGet();
      }
    }
  }

  private void record(HttpResponse<String> write) {
    String etag = write.headers().firstValue("ETag").orElseThrow();
    Integer earlier = successfulEtags.putIfAbsent(etag, write.statusCode());
    assertEquals(null, earlier, "two successful writers were told version " + etag);
    assertEquals(etag, "\"" + TestHttp.json(write).path("version").asLong() + "\"");
  }
}
