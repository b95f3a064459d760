package io.atrium.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.node.harness.Await;
import io.atrium.node.harness.LocalCluster;
import io.atrium.node.harness.NodeProcess;
import io.atrium.node.harness.NodeProcess.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Record and stream changes reach Kafka as the README documents them: a plain {@link KafkaConsumer}
 * sees every acknowledged change of a key, in version order (duplicates allowed, never a gap or a
 * step back once duplicates are dropped), also when a node crashes while keys are written.
 */
class RecordEventsIT {

  private static final String RECORDS_TOPIC = "atrium.records.v1";
  private static final String STREAMS_TOPIC = "atrium.streams.v1";
  private static final String TENANT = "default";
  private static final int KEYS = 12;
  private static final int VERSIONS_PER_KEY = 8;
  /**
   * Journal tag lag (~3 s), slice start, producer batching, a moved slice; and, on the first run
   * against a Cassandra that other tests used, publishing their journal history first.
   */
  private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration WRITE_PATIENCE = Duration.ofSeconds(90);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TOO_MANY_REQUESTS = 429;

  @RegisterExtension final LocalCluster cluster = new LocalCluster();

  private KafkaConsumer<String, String> consumer;
  private final List<ConsumerRecord<String, String>> received = new ArrayList<>();

  /**
   * One acknowledged change of a key: its version and the value written; a delete has no value and,
   * since it answers 204 without a body, no known version (it lies between its neighbours').
   */
  private record Change(long version, String valueJson) {

    static Change deleted() {
      return new Change(-1, null);
    }
  }

  @BeforeEach
  void consumer() {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new StringDeserializer());
  }

  @AfterEach
  void closeConsumer() {
    consumer.close(Duration.ofSeconds(2));
  }

  @Test
  void recordAndStreamChangesArriveInOrderPerKeyWithTheDocumentedContract() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(2);
    startReadingAtTheEnd();
    String collection = "events-" + UUID.randomUUID();

    Map<String, List<Change>> acknowledged = writeKeys(nodes, collection, () -> {});
    String stream = "events-" + UUID.randomUUID();
    List<JsonNode> batches = List.of(
        postBatch(nodes.get(0), stream, "[{\"ts\":1000,\"value\":1.5},{\"ts\":3000,\"value\":-2}]"),
        postBatch(nodes.get(1), stream, "[{\"ts\":2000,\"value\":10}]"),
        postBatch(nodes.get(0), stream, "[{\"ts\":4000,\"value\":0.25,\"tags\":{\"host\":\"a\"}}]"));
    assertEquals(List.of(1L, 2L, 3L), batches.stream().map(b -> b.get("sequence").asLong()).toList());

    Map<String, List<JsonNode>> records = awaitRecordChanges(collection, acknowledged);
    assertInOrderWithoutGaps(collection, acknowledged, records);
    assertStreamBatches(stream);
  }

  @Test
  void noChangeIsLostOrReorderedWhenANodeCrashesWhileKeysAreWritten() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(3);
    startReadingAtTheEnd();
    String collection = "events-crash-" + UUID.randomUUID();
    NodeProcess victim = nodes.get(2);
    AtomicInteger written = new AtomicInteger();

    Map<String, List<Change>> acknowledged = writeKeys(nodes, collection, () -> {
      // Half-way through, kill a node: its slices (and entities) move to the others.
      if (written.incrementAndGet() == KEYS * VERSIONS_PER_KEY / 2) {
        victim.kill();
      }
    });

    Map<String, List<JsonNode>> records = awaitRecordChanges(collection, acknowledged);
    assertInOrderWithoutGaps(collection, acknowledged, records);
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

  /** Waits for the topics (the nodes create them), assigns every partition and skips what is there. */
  private void startReadingAtTheEnd() {
    try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers()))) {
      Await.until("the topics " + RECORDS_TOPIC + " and " + STREAMS_TOPIC + " to exist", TOPIC_TIMEOUT, () -> {
        try {
          return admin.listTopics().names().get(5, TimeUnit.SECONDS).containsAll(Set.of(RECORDS_TOPIC, STREAMS_TOPIC));
        } catch (Exception e) {
          return false;
        }
      });
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(RECORDS_TOPIC, STREAMS_TOPIC)) {
      for (PartitionInfo info : consumer.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // Resolve the end offsets now, before anything is written: later messages are all ours.
    partitions.forEach(consumer::position);
  }

  /** Polls until every key's newest acknowledged version arrived; returns each key's messages in arrival order. */
  private Map<String, List<JsonNode>> awaitRecordChanges(String collection, Map<String, List<Change>> acknowledged) {
    Map<String, List<JsonNode>> byKey = new TreeMap<>();
    Map<String, Integer> partitionOfKey = new TreeMap<>();
    String prefix = TENANT + "/" + collection + "/";
    Await.until("every acknowledged change in " + RECORDS_TOPIC, DELIVERY_TIMEOUT, () -> {
      for (ConsumerRecord<String, String> message : consumer.poll(POLL)) {
        received.add(message);
        if (message.topic().equals(RECORDS_TOPIC) && message.key().startsWith(prefix)) {
          String key = message.key().substring(prefix.length());
          Integer partition = partitionOfKey.putIfAbsent(key, message.partition());
          assertTrue(partition == null || partition == message.partition(), key + " is in one partition");
          byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(parse(message.value()));
        }
      }
      return acknowledged.entrySet().stream().allMatch(entry -> byKey.getOrDefault(entry.getKey(), List.of()).stream()
          .anyMatch(m -> m.get("recordVersion").asLong() == last(entry.getValue()).version()));
    }, () -> "Received per key: " + summary(byKey));
    return byKey;
  }

  /**
   * Per key: after dropping every message whose version is not above the highest seen so far (the
   * consumer-side deduplication the README describes), the versions are exactly 1, 2, …, newest;
   * a duplicate is identical to its first copy; every acknowledged change is there with its value,
   * in the order it was acknowledged. Versions written but not acknowledged (a node crashed
   * mid-request) may appear between them.
   */
  private static void assertInOrderWithoutGaps(String collection, Map<String, List<Change>> acknowledged,
      Map<String, List<JsonNode>> received) throws IOException {
    int duplicates = 0;
    for (Map.Entry<String, List<Change>> entry : acknowledged.entrySet()) {
      String key = entry.getKey();
      List<JsonNode> messages = received.get(key);
      List<JsonNode> deduplicated = new ArrayList<>();
      for (JsonNode message : messages) {
        assertContract(collection, key, message);
        long version = message.get("recordVersion").asLong();
        if (version <= deduplicated.size()) {
          assertEquals(deduplicated.get((int) version - 1), message, key + ": a duplicate equals its first copy");
          duplicates++;
          continue;
        }
        assertEquals(deduplicated.size() + 1, version, key + ": no gap in " + versions(messages));
        boolean afterDelete = !deduplicated.isEmpty()
            && deduplicated.get(deduplicated.size() - 1).get("type").asText().equals("record.deleted");
        if (message.get("type").asText().equals("record.written")) {
          assertEquals(deduplicated.isEmpty() || afterDelete, message.get("created").asBoolean(),
              key + " v" + version + ": created only by the first write and the first after a delete");
        }
        deduplicated.add(message);
      }
      assertEquals(last(entry.getValue()).version(), deduplicated.size(), key + ": the newest version arrived last");
      assertAcknowledgedInOrder(key, entry.getValue(), deduplicated);
    }
    System.out.println("MEASURED record events in " + collection + ": "
        + acknowledged.values().stream().mapToInt(List::size).sum()
        + " acknowledged changes of " + acknowledged.size() + " keys, " + duplicates + " duplicates received");
  }

  /** Each acknowledged change is in the key's deduplicated messages, after the one before it. */
  private static void assertAcknowledgedInOrder(String key, List<Change> changes, List<JsonNode> deduplicated)
      throws IOException {
    int from = 0;
    for (Change change : changes) {
      int at = -1;
      for (int i = from; i < deduplicated.size() && at < 0; i++) {
        if (matches(change, deduplicated.get(i))) {
          at = i;
        }
      }
      assertTrue(at >= 0, key + ": " + change + " is among " + deduplicated.subList(from, deduplicated.size()));
      from = at + 1;
    }
  }

  private static boolean matches(Change change, JsonNode message) throws IOException {
    if (change.valueJson() == null) {
      return message.get("type").asText().equals("record.deleted") && !message.has("value");
    }
    return message.get("type").asText().equals("record.written")
        && message.get("recordVersion").asLong() == change.version()
        && JSON.readTree(change.valueJson()).equals(message.get("value"));
  }

  private static void assertContract(String collection, String key, JsonNode message) {
    assertEquals(1, message.get("schemaVersion").asInt(), message.toString());
    assertEquals(TENANT, message.get("tenant").asText());
    assertEquals(collection, message.get("collection").asText());
    assertEquals(key, message.get("key").asText());
    Instant.parse(message.get("at").asText());
    String type = message.get("type").asText();
    assertTrue(type.equals("record.written") || type.equals("record.deleted"), type);
  }

  private void assertStreamBatches(String stream) {
    String streamKey = TENANT + "/" + stream;
    List<JsonNode> seen = new ArrayList<>();
    Await.until("the stream's three batches in " + STREAMS_TOPIC, DELIVERY_TIMEOUT, () -> {
      received.stream().filter(m -> m.topic().equals(STREAMS_TOPIC) && m.key().equals(streamKey))
          .forEach(m -> seen.add(parse(m.value())));
      received.clear();
      consumer.poll(POLL).forEach(received::add);
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

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }

  private static Change last(List<Change> changes) {
    return changes.get(changes.size() - 1);
  }

  private static List<Long> versions(List<JsonNode> messages) {
    return messages.stream().map(m -> m.get("recordVersion").asLong()).toList();
  }

  private static String summary(Map<String, List<JsonNode>> byKey) {
    Map<String, List<Long>> versions = new TreeMap<>();
    byKey.forEach((key, messages) -> versions.put(key, versions(messages)));
    return versions.toString();
  }

  private static String path(String collection, String key) {
    return "/v1/records/" + collection + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
  }

  private static String bootstrapServers() {
    String configured = System.getenv("ATRIUM_KAFKA_BOOTSTRAP");
    return configured == null || configured.isBlank() ? "127.0.0.1:9092" : configured;
  }
}
