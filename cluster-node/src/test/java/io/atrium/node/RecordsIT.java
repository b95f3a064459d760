package io.atrium.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.node.harness.Await;
import io.atrium.node.harness.LocalCluster;
import io.atrium.node.harness.LocalServices;
import io.atrium.node.harness.LocalServices.Service;
import io.atrium.node.harness.NodeProcess;
import io.atrium.node.harness.NodeProcess.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The records service on real node processes and the real Cassandra: listing and durability. */
class RecordsIT {

  private static final Duration LISTING_CONVERGENCE = Duration.ofSeconds(60);
  private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(180);
  private static final int CONCURRENT_CLIENTS = 32;

  @RegisterExtension final LocalCluster cluster = new LocalCluster();

  @Test
  void listingConvergesToExactlyTheLiveKeys() throws Exception {
    NodeProcess node = cluster.startNodes(1).get(0);
    String collection = "listing-" + UUID.randomUUID();
    Map<String, Long> expected = new TreeMap<>();

    for (int i = 0; i < 600; i++) {
      expected.put(key(i), put(node, collection, key(i), "{\"n\":" + i + "}"));
    }
    for (int i = 0; i < 600; i += 3) {
      assertEquals(204, node.send("DELETE", path(collection, key(i)), null).status());
      expected.remove(key(i));
    }
    for (int i = 1; i < 600; i += 6) {
      expected.put(key(i), put(node, collection, key(i), "{\"again\":" + i + "}"));
    }

    Await.until("the listing to show exactly the " + expected.size() + " live keys", LISTING_CONVERGENCE,
        () -> expected.equals(listAll(node, collection)), () -> "Listed: " + listAll(node, collection).size());
    Map<String, Long> prefixed = new TreeMap<>(expected);
    prefixed.keySet().removeIf(k -> !k.startsWith("key-01"));
    assertEquals(prefixed, listAll(node, collection + "?prefix=key-01&"));
  }

  @Test
  void acknowledgedWritesSurviveKillOfEveryNode() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(3);
    String collection = "durable-" + UUID.randomUUID();

    Map<String, Acknowledged> acknowledged = writeConcurrently(nodes, collection, 2_000);
    nodes.forEach(NodeProcess::kill);
    restartAll(nodes);

    assertEveryAcknowledgedWriteReadsBack(nodes, collection, acknowledged);
  }

  @Test
  void acknowledgedWritesSurviveKillOfCassandraAndEveryNode() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(3);
    String collection = "durable-c-" + UUID.randomUUID();

    Map<String, Acknowledged> acknowledged = writeConcurrently(nodes, collection, 1_000);
    LocalServices.kill(Service.CASSANDRA);
    nodes.forEach(NodeProcess::kill);
    LocalServices.start(Service.CASSANDRA, RESTART_TIMEOUT);
    restartAll(nodes);

    assertEveryAcknowledgedWriteReadsBack(nodes, collection, acknowledged);
  }

  /** A write the service acknowledged (2xx) with this version and value. */
  private record Acknowledged(long version, String value) {}

  /**
   * Writes {@code count} records, each twice (versions 1 and 2), through all nodes with bounded
   * concurrency; returns what was acknowledged. Failures are allowed (not acknowledged, not checked).
   */
  private static Map<String, Acknowledged> writeConcurrently(List<NodeProcess> nodes, String collection, int count)
      throws InterruptedException {
    Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
    for (int round = 1; round <= 2; round++) {
      Semaphore inFlight = new Semaphore(CONCURRENT_CLIENTS);
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = key(i);
        String value = "{\"key\":\"" + key + "\",\"round\":" + round + "}";
        inFlight.acquire();
        writes.add(nodes.get(i % nodes.size()).sendAsync("PUT", path(collection, key), value)
            .handle((reply, error) -> {
              inFlight.release();
              if (error == null && reply.status() / 100 == 2) {
                acknowledged.put(key, new Acknowledged(reply.body().get("version").asLong(), value));
              }
              return null;
            }));
      }
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }
    assertTrue(acknowledged.size() > count * 9 / 10, "most writes acknowledged: " + acknowledged.size());
    return acknowledged;
  }

  private void restartAll(List<NodeProcess> nodes) {
    nodes.forEach(NodeProcess::startAgain);
    cluster.awaitMembers(nodes, RESTART_TIMEOUT);
  }

  /** Reads every acknowledged record back (through all nodes, concurrently) and compares. */
  private static void assertEveryAcknowledgedWriteReadsBack(List<NodeProcess> nodes, String collection,
      Map<String, Acknowledged> acknowledged) throws InterruptedException {
    Semaphore inFlight = new Semaphore(CONCURRENT_CLIENTS);
    Map<String, Reply> readBack = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> reads = new ArrayList<>();
    int i = 0;
    for (String key : acknowledged.keySet()) {
      NodeProcess node = nodes.get(i++ % nodes.size());
      inFlight.acquire();
      reads.add(readWithRetry(node, path(collection, key), Duration.ofSeconds(30)).thenAccept(reply -> {
        inFlight.release();
        readBack.put(key, reply);
      }));
    }
    CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).join();
    for (Map.Entry<String, Acknowledged> write : acknowledged.entrySet()) {
      Reply reply = readBack.get(write.getKey());
      assertEquals(200, reply.status(), write.getKey() + ": " + reply.body());
      assertEquals(write.getValue().version(), reply.body().get("version").asLong(), write.getKey());
      assertEquals(write.getValue().value(), reply.body().get("value").toString(), write.getKey());
    }
  }

  /** Right after a restart the first reads may time out (503) while shards and the journal warm up. */
  private static CompletableFuture<Reply> readWithRetry(NodeProcess node, String path, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    return node.sendAsync("GET", path, null)
        .exceptionally(error -> new Reply(-1, null))
        .thenCompose(reply -> (reply.status() == 503 || reply.status() == -1) && System.nanoTime() < deadline
            ? readWithRetry(node, path, Duration.ofNanos(deadline - System.nanoTime()))
            : CompletableFuture.completedFuture(reply));
  }

  private static long put(NodeProcess node, String collection, String key, String json) throws Exception {
    Reply reply = node.send("PUT", path(collection, key), json);
    assertTrue(reply.status() == 200 || reply.status() == 201, key + ": " + reply);
    return reply.body().get("version").asLong();
  }

  private static Map<String, Long> listAll(NodeProcess node, String collectionAndQuery) {
    Map<String, Long> listed = new TreeMap<>();
    String base = "/v1/records/" + collectionAndQuery + (collectionAndQuery.contains("?") ? "" : "?");
    String cursor = null;
    try {
      do {
        Reply reply = node.get(base + "limit=250" + (cursor == null ? "" : "&cursor=" + cursor));
        if (reply.status() != 200) {
          return Map.of();
        }
        for (JsonNode item : reply.body().get("items")) {
          listed.put(item.get("key").asText(), item.get("version").asLong());
        }
        JsonNode next = reply.body().get("nextCursor");
        cursor = next == null || next.isNull() ? null : next.asText();
      } while (cursor != null);
    } catch (Exception e) {
      return Map.of();
    }
    return listed;
  }

  private static String key(int i) {
    return String.format("key-%04d", i);
  }

  private static String path(String collection, String key) {
    return "/v1/records/" + collection + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
  }
}
