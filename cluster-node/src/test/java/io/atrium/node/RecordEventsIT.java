package io.atrium.node;

import static io.atrium.node.harness.RecordChangeFeed.RECORDS_TOPIC;
import static io.atrium.node.harness.RecordChangeFeed.STREAMS_TOPIC;
import static io.atrium.node.harness.RecordChangeFeed.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.node.harness.Await;
import io.atrium.node.harness.LocalCluster;
import io.atrium.node.harness.NodeProcess;
import io.atrium.node.harness.NodeProcess.Reply;
import io.atrium.node.harness.RecordChangeFeed;
import io.atrium.node.harness.RecordChangeFeed.Change;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Record and stream changes reach Kafka as the README documents them: a plain {@link KafkaConsumer}
 * sees every acknowledged change of a key, in version order (duplicates allowed, never a gap or a
 * step back once duplicates are dropped), also when a node crashes while keys are written.
 */
class RecordEventsIT {

  private static final int KEYS = 12;
  private static final int VERSIONS_PER_KEY = 8;
  /**
   * Journal tag lag (~3 s), slice start, producer batching, a moved slice; and, on the first run
   * against a Cassandra that other tests used, publishing their journal history first.
   */
  private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration WRITE_PATIENCE = Duration.ofSeconds(90);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final int TOO_MANY_REQUESTS = 429;

  @RegisterExtension final LocalCluster cluster = new LocalCluster();

  private RecordChangeFeed feed;

  @AfterEach
  void closeFeed() {
    if (feed != null) {
      feed.close();
    }
  }

  @Test
  void recordAndStreamChangesArriveInOrderPerKeyWithTheDocumentedContract() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(2);
    feed = new RecordChangeFeed(List.of(RECORDS_TOPIC, STREAMS_TOPIC));
    String collection = "events-" + UUID.randomUUID();

    Map<String, List<Change>> acknowledged = writeKeys(nodes, collection, () -> {});
    String stream = "events-" + UUID.randomUUID();
    List<JsonNode> batches = List.of(
        postBatch(nodes.get(0), stream, "[{\"ts\":1000,\"value\":1.5},{\"ts\":3000,\"value\":-2}]"),
        postBatch(nodes.get(1), stream, "[{\"ts\":2000,\"value\":10}]"),
        postBatch(nodes.get(0), stream, "[{\"ts\":4000,\"value\":0.25,\"tags\":{\"host\":\"a\"}}]"));
    assertEquals(List.of(1L, 2L, 3L), batches.stream().map(b -> b.get("sequence").asLong()).toList());

    assertHistory(collection, acknowledged);
    assertStreamBatches(stream);
  }

  @Test
  void noChangeIsLostOrReorderedWhenANodeCrashesWhileKeysAreWritten() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(3);
    feed = new RecordChangeFeed(List.of(RECORDS_TOPIC, STREAMS_TOPIC));
    String collection = "events-crash-" + UUID.randomUUID();
    NodeProcess victim = nodes.get(2);
    AtomicInteger written = new AtomicInteger();

    Map<String, List<Change>> acknowledged = writeKeys(nodes, collection, () -> {
      // Half-way through, kill a node: its slices (and entities) move to the others.
      if (written.incrementAndGet() == KEYS * VERSIONS_PER_KEY / 2) {
        victim.kill();
      }
    });

    assertHistory(collection, acknowledged);
  }

  /** Every acknowledged change arrives, in order per key, without a gap (RecordChangeFeed). */
  private void assertHistory(String collection, Map<String, List<Change>> acknowledged) throws IOException {
    Map<String, List<JsonNode>> records = feed.awaitRecordChanges(collection, acknowledged, DELIVERY_TIMEOUT);
    int duplicates = RecordChangeFeed.assertInOrderWithoutGaps(collection, acknowledged, records);
    System.out.println("MEASURED record events in " + collection + ": "
        + acknowledged.values().stream().mapToInt(List::size).sum()
        + " acknowledged changes of " + acknowledged.size() + " keys, " + duplicates + " duplicates received");
  }

  /**
   * Each key is written by its own client, one write after the other (so every version is known),
   * alternating over the nodes: VERSIONS_PER_KEY PUTs; the first key is then
   * deleted and written once more. Writes that fail (a node crashed) are tried again on the next
   * node and are not acknowledged. {@code onAcknowledged} runs after every acknowledged write.
   */
  private Map<String, List<Change>> writeKeys(List<NodeProcess> nodes, String collection, Runnable onAcknowledged)
      throws Exception {
    Map<String, List<Change>> acknowledged = new ConcurrentHashMap<>();
    ExecutorService clients = Executors.newFixedThreadPool(KEYS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int k = 0; k < KEYS; k++) {
        String key = "key/" + k;
        int client = k;
        done.add(clients.submit(() -> {
          List<Change> changes = new ArrayList<>();
          acknowledged.put(key, changes);
          WriteClient writer = new WriteClient(nodes, client, onAcknowledged);
          for (int v = 1; v <= VERSIONS_PER_KEY; v++) {
            String value = "{\"key\":\"" + key + "\",\"n\":" + v + ",\"nested\":{\"list\":[" + v + ",\"x\"]}}";
            changes.add(writer.put(collection, key, value));
          }
          if (client == 0) {
            changes.add(writer.delete(collection, key));
            changes.add(writer.put(collection, key, "{\"again\":true}"));
          }
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get(WRITE_PATIENCE.toSeconds() * 2, TimeUnit.SECONDS);
      }
    } finally {
      clients.shutdownNow();
    }
    return acknowledged;
  }

  /** Writes one key through the nodes in turn; a failed attempt moves on to the next node. */
  private static final class WriteClient {

    private final List<NodeProcess> nodes;
    private final Runnable onAcknowledged;
    private int next;

    WriteClient(List<NodeProcess> nodes, int start, Runnable onAcknowledged) {
      this.nodes = nodes;
      this.next = start;
      this.onAcknowledged = onAcknowledged;
    }

    Change put(String collection, String key, String value) throws Exception {
      JsonNode body = send("PUT", path(collection, key), value).body();
      return new Change(body.get("version").asLong(), value);
    }

    Change delete(String collection, String key) throws Exception {
      send("DELETE", path(collection, key), null);
      return Change.deleted();
    }

    private Reply send(String method, String path, String body) throws Exception {
      long deadline = System.nanoTime() + WRITE_PATIENCE.toNanos();
      while (true) {
        NodeProcess node = nodes.get(next++ % nodes.size());
        Reply reply = attempt(node, method, path, body);
        if (reply != null && reply.status() / 100 == 2) {
          onAcknowledged.run();
          return reply;
        }
        if (reply != null && reply.status() / 100 == 4 && reply.status() != TOO_MANY_REQUESTS) {
          throw new AssertionError(method + " " + path + " refused: " + reply);
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(method + " " + path + " not acknowledged within " + WRITE_PATIENCE + ": " + reply);
        }
        Thread.sleep(POLL.toMillis());
      }
    }

    private static Reply attempt(NodeProcess node, String method, String path, String body)
        throws InterruptedException {
      if (!node.isAlive()) {
        return null;
      }
      try {
        return node.send(method, path, body);
      } catch (IOException e) {
        return null;
      }
    }
  }

  private static JsonNode postBatch(NodeProcess node, String stream, String events) throws Exception {
    Reply reply = node.send("POST", "/v1/streams/" + stream + "/events", events);
    assertEquals(200, reply.status(), reply.toString());
    return reply.body();
  }

  private void assertStreamBatches(String stream) {
    List<JsonNode> seen = new ArrayList<>();
    Await.until("the stream's three batches in " + STREAMS_TOPIC, DELIVERY_TIMEOUT, () -> {
      feed.drain(STREAMS_TOPIC).stream().filter(m -> m.path("stream").asText().equals(stream)).forEach(seen::add);
      return seen.stream().map(m -> m.get("sequence").asLong()).distinct().count() == 3;
    });
    Map<Long, JsonNode> bySequence = new TreeMap<>();
    seen.forEach(m -> bySequence.putIfAbsent(m.get("sequence").asLong(), m));
    JsonNode first = bySequence.get(1L);
    assertEquals("stream.batch", first.get("type").asText());
    assertEquals(1, first.get("schemaVersion").asInt());
    assertEquals(TENANT, first.get("tenant").asText());
    assertEquals(stream, first.get("stream").asText());
    assertEquals(2, first.get("count").asInt());
    assertEquals(-0.5, first.get("sum").asDouble());
    assertEquals(-2.0, first.get("min").asDouble());
    assertEquals(1.5, first.get("max").asDouble());
    assertEquals(1000, first.get("minTs").asLong());
    assertEquals(3000, first.get("maxTs").asLong());
    Instant.parse(first.get("at").asText());
    assertEquals(10.0, bySequence.get(2L).get("sum").asDouble());
    assertEquals(1, bySequence.get(3L).get("count").asInt());
  }

  private static String path(String collection, String key) {
    return "/v1/records/" + collection + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
  }

}
