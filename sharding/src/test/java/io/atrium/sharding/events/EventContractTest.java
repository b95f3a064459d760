package io.atrium.sharding.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.sharding.records.RecordEntity;
import io.atrium.sharding.records.RecordEvent;
import io.atrium.sharding.streams.EventBatch;
import io.atrium.sharding.streams.StreamEntity;
import io.atrium.sharding.streams.StreamEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.persistence.query.TimeBasedUUID;
import org.junit.jupiter.api.Test;

class EventContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-11-27T09:15:30.123Z");
  private static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
  private final EventContract contract = new EventContract(MAX_MESSAGE_BYTES);

  @Test
  void recordWrittenCarriesTheFullValueAndItsVersion() throws IOException {
    EventContract.Message message = contract.record(new RecordEntity.Address("acme", "orders", "a/b c"),
        new RecordEvent.Written("{\"total\":12.5,\"items\":[1,2]}", 3, AT, false, Optional.empty()));

    assertEquals("acme/orders/a/b c", message.key());
    assertEquals(AT.toEpochMilli(), message.timestampMillis());
    JsonNode json = JSON.readTree(message.value());
    assertEquals(Set.of("type", "schemaVersion", "tenant", "collection", "key", "recordVersion", "at", "created",
        "value"), fieldNames(json));
    assertEquals("record.written", json.get("type").asText());
    assertEquals(1, json.get("schemaVersion").asInt());
    assertEquals("acme", json.get("tenant").asText());
    assertEquals("orders", json.get("collection").asText());
    assertEquals("a/b c", json.get("key").asText());
    assertEquals(3, json.get("recordVersion").asLong());
    assertEquals(AT, Instant.parse(json.get("at").asText()));
    assertFalse(json.get("created").asBoolean());
    assertEquals(JSON.readTree("{\"items\":[1,2],\"total\":12.5}"), json.get("value"));
  }

  @Test
  void recordDeletedHasNoValue() throws IOException {
    EventContract.Message message = contract.record(new RecordEntity.Address("acme", "orders", "k1"),
        new RecordEvent.Deleted(4, AT, Optional.empty()));

    JsonNode json = JSON.readTree(message.value());
    assertEquals(Set.of("type", "schemaVersion", "tenant", "collection", "key", "recordVersion", "at"),
        fieldNames(json));
    assertEquals("record.deleted", json.get("type").asText());
    assertEquals(4, json.get("recordVersion").asLong());
    assertEquals("acme/orders/k1", message.key());
  }

  @Test
  void aValueTooLargeForOneMessageIsOmittedAndSaidSo() throws IOException {
    EventContract small = new EventContract(1024);
    String big = "{\"s\":\"" + "x".repeat(1024) + "\"}";
    EventContract.Message message = small.record(new RecordEntity.Address("acme", "c", "k"),
        new RecordEvent.Written(big, 1, AT, true, Optional.empty()));

    JsonNode json = JSON.readTree(message.value());
    assertFalse(json.has("value"));
    assertTrue(json.get("valueOmitted").asBoolean());
    assertTrue(json.get("created").asBoolean());
    assertEquals(1, json.get("recordVersion").asLong());
    assertTrue(message.value().length < 1024);
  }

  @Test
  void aValueOfTheLargestAllowedSizeFitsTheDefaultMessageSize() throws IOException {
    String largest = "\"" + "x".repeat(1024 * 1024 - 2) + "\"";
    EventContract.Message message = contract.record(new RecordEntity.Address("acme", "c", "k"),
        new RecordEvent.Written(largest, 1, AT, true, Optional.empty()));

    assertEquals(1024 * 1024 - 2, JSON.readTree(message.value()).get("value").asText().length());
  }

  @Test
  void streamBatchIsASummaryWithTheBatchSequence() throws IOException {
    EventBatch batch = new EventBatch(new long[] {2_000, 1_000, 3_000}, new double[] {1.5, -2.0, 10.0},
        List.of(Map.of("host", "a"), Map.of(), Map.of()));
    EventContract.Message message = contract.stream(new StreamEntity.Address("acme", "cpu.load"), 7, AT, batch);

    assertEquals("acme/cpu.load", message.key());
    assertEquals(AT.toEpochMilli(), message.timestampMillis());
    JsonNode json = JSON.readTree(message.value());
    assertEquals(Set.of("type", "schemaVersion", "tenant", "stream", "sequence", "at", "count", "sum", "min", "max",
        "minTs", "maxTs"), fieldNames(json));
    assertEquals("stream.batch", json.get("type").asText());
    assertEquals(1, json.get("schemaVersion").asInt());
    assertEquals("acme", json.get("tenant").asText());
    assertEquals("cpu.load", json.get("stream").asText());
    assertEquals(7, json.get("sequence").asLong());
    assertEquals(AT, Instant.parse(json.get("at").asText()));
    assertEquals(3, json.get("count").asInt());
    assertEquals(9.5, json.get("sum").asDouble());
    assertEquals(-2.0, json.get("min").asDouble());
    assertEquals(10.0, json.get("max").asDouble());
    assertEquals(1_000, json.get("minTs").asLong());
    assertEquals(3_000, json.get("maxTs").asLong());
  }

  @Test
  void aSumBeyondTheRangeOfADoubleIsNull() throws IOException {
    EventBatch batch = EventBatch.untagged(new long[] {1, 2}, new double[] {Double.MAX_VALUE, Double.MAX_VALUE});
    JsonNode json = JSON.readTree(contract.stream(new StreamEntity.Address("t", "s"), 1, AT, batch).value());

    assertTrue(json.get("sum").isNull());
    assertEquals(Double.MAX_VALUE, json.get("max").asDouble());
  }

  @Test
  void journalEnvelopesMapToTheirEntityAndSequence() throws IOException {
    EventEnvelope record = new EventEnvelope(new TimeBasedUUID(Uuids.startOf(AT.toEpochMilli())),
        "record|acme/orders/k/1", 2, new RecordEvent.Deleted(2, AT, Optional.empty()), AT.toEpochMilli());
    assertEquals("acme/orders/k/1", EntityEvents.recordMessage(contract, record).orElseThrow().key());

    EventEnvelope stream = new EventEnvelope(new TimeBasedUUID(Uuids.startOf(AT.toEpochMilli())),
        "stream|acme/streams/cpu", 12,
        new StreamEvent.Appended(EventBatch.untagged(new long[] {5}, new double[] {1})), 0);
    EventContract.Message message = EntityEvents.streamMessage(contract, stream).orElseThrow();
    JsonNode json = JSON.readTree(message.value());
    assertEquals("acme/cpu", message.key());
    assertEquals(12, json.get("sequence").asLong());
    assertEquals(AT, Instant.parse(json.get("at").asText()));

    EventEnvelope foreign = new EventEnvelope(Sequence.apply(1), "other|x", 1, "not an entity event", 0);
    assertTrue(EntityEvents.recordMessage(contract, foreign).isEmpty());
    assertTrue(EntityEvents.streamMessage(contract, foreign).isEmpty());
  }

  private static Set<String> fieldNames(JsonNode json) {
    Set<String> names = new java.util.TreeSet<>();
    json.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
