package io.atrium.node.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The record changes the nodes publish to Kafka (README "Entity events"), read by a plain
 * {@link KafkaConsumer} from the end of the topics at creation: the whole history of the keys a test
 * writes afterwards, to check it against what the test's clients were acknowledged.
 */
public final class RecordChangeFeed implements AutoCloseable {

  public static final String RECORDS_TOPIC = "atrium.records.v1";
  public static final String STREAMS_TOPIC = "atrium.streams.v1";
  public static final String TENANT = "default";
  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One acknowledged change of a key: its version and the value written; a delete has no value and,
   * since it answers 204 without a body, no known version (it lies between its neighbours').
   */
  public record Change(long version, String valueJson) {

    public static Change deleted() {
      return new Change(-1, null);
    }
  }

  private final KafkaConsumer<String, String> consumer;
  /** Messages of other topics than the records', kept for {@link #drain}. */
  private final List<ConsumerRecord<String, String>> others = new ArrayList<>();

  /** Waits for the topics (the nodes create them), assigns every partition and skips what is there. */
  public RecordChangeFeed(List<String> topics) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new StringDeserializer());
    try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers()))) {
      Await.until("the topics " + topics + " to exist", TOPIC_TIMEOUT,
          () -> admin.listTopics().names().get(5, TimeUnit.SECONDS).containsAll(Set.copyOf(topics)));
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      for (PartitionInfo info : consumer.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // Resolve the end offsets now, before anything is written: later messages are all ours.
    partitions.forEach(consumer::position);
  }

  /**
   * Polls until every key's newest acknowledged version of {@code collection} arrived; returns each
   * key's messages in arrival order.
   */
  public Map<String, List<JsonNode>> awaitRecordChanges(String collection, Map<String, List<Change>> acknowledged,
      Duration timeout) {
    Map<String, List<JsonNode>> byKey = new TreeMap<>();
    Map<String, Integer> partitionOfKey = new TreeMap<>();
    String prefix = TENANT + "/" + collection + "/";
    Await.until("every acknowledged change in " + RECORDS_TOPIC, timeout, () -> {
      for (ConsumerRecord<String, String> message : consumer.poll(POLL)) {
        if (!message.topic().equals(RECORDS_TOPIC)) {
          others.add(message);
        } else if (message.key().startsWith(prefix)) {
          String key = message.key().substring(prefix.length());
          Integer partition = partitionOfKey.putIfAbsent(key, message.partition());
          assertTrue(partition == null || partition == message.partition(), key + " is in one partition");
          byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(parse(message.value()));
        }
      }
      return acknowledged.entrySet().stream().allMatch(entry -> entry.getValue().isEmpty()
          || byKey.getOrDefault(entry.getKey(), List.of()).stream()
              .anyMatch(m -> m.get("recordVersion").asLong() == last(entry.getValue()).version()));
    }, () -> "Received per key: " + summary(byKey));
    return byKey;
  }

  /** The messages of {@code topic} received so far and not drained yet, then polls once more. */
  public List<JsonNode> drain(String topic) {
    List<JsonNode> messages = new ArrayList<>();
    consumer.poll(POLL).forEach(others::add);
    others.removeIf(m -> m.topic().equals(topic) && messages.add(parse(m.value())));
    return messages;
  }

  /**
   * Per key: after dropping every message whose version is not above the highest seen so far (the
   * consumer-side deduplication the README describes), the versions are exactly 1, 2, …, newest;
   * a duplicate is identical to its first copy (two different changes with one version would be two
   * writers of one entity); every acknowledged change is there with its value, in the order it was
   * acknowledged. Versions written but not acknowledged (a request timed out) may appear between them.
   *
   * @return how many duplicates were dropped
   */
  public static int assertInOrderWithoutGaps(String collection, Map<String, List<Change>> acknowledged,
      Map<String, List<JsonNode>> received) throws IOException {
    int duplicates = 0;
    for (Map.Entry<String, List<Change>> entry : acknowledged.entrySet()) {
      String key = entry.getKey();
      if (entry.getValue().isEmpty()) {
        continue;
      }
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
      assertTrue(deduplicated.size() >= last(entry.getValue()).version(),
          key + ": the newest acknowledged version arrived");
      assertAcknowledgedInOrder(key, entry.getValue(), deduplicated);
    }
    return duplicates;
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

  private static String bootstrapServers() {
    return LocalServices.kafka().bootstrapServersProperty();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
