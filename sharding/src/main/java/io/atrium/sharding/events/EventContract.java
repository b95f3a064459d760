package io.atrium.sharding.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.atrium.sharding.records.RecordEntity;
import io.atrium.sharding.records.RecordEvent;
import io.atrium.sharding.streams.EventBatch;
import io.atrium.sharding.streams.StreamEntity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The external contract of the Kafka topics: journal events become JSON messages made only of plain
 * fields (no internal class names), with a {@code type} and a {@code schemaVersion} so consumers can
 * evolve with it. The README section "Entity events in Kafka" documents every field; change both
 * together, and bump {@link #SCHEMA_VERSION} (and the topic name's {@code v1}) for an incompatible change.
 */
public final class EventContract {

  /** Incremented only for incompatible changes; added fields keep the version. */
  public static final int SCHEMA_VERSION = 1;
  public static final String RECORD_WRITTEN = "record.written";
  public static final String RECORD_DELETED = "record.deleted";
  public static final String STREAM_BATCH = "stream.batch";

  /**
   * Room for what Kafka adds around key and value in a request (record and batch headers, about 80
   * bytes), so a message this class lets through is never refused as too large.
   */
  private static final int KAFKA_OVERHEAD_BYTES = 256;
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** One message: its Kafka key, its JSON value (UTF-8) and its Kafka timestamp. */
  public record Message(String key, byte[] value, long timestampMillis) {}

  private final int maxMessageBytes;

  /** @param maxMessageBytes largest key + value + Kafka overhead a message may have */
  public EventContract(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  /** The Kafka key of a record's changes: {@code tenant/collection/key}. */
  public static String recordKey(RecordEntity.Address address) {
    return address.tenant() + "/" + address.collection() + "/" + address.key();
  }

  /** The Kafka key of a stream's batches: {@code tenant/stream}. */
  public static String streamKey(StreamEntity.Address address) {
    return address.tenant() + "/" + address.stream();
  }

  /**
   * A record change; a written value that would make the message too large is left out and
   * {@code "valueOmitted": true} says so (the consumer reads the record over HTTP instead).
   */
  public Message record(RecordEntity.Address address, RecordEvent event) {
    String key = recordKey(address);
    byte[] value = recordJson(address, event, true);
    if (event instanceof RecordEvent.Written && tooLarge(key, value)) {
      value = recordJson(address, event, false);
    }
    return new Message(key, value, event.at().toEpochMilli());
  }

  /** A stream's batch as a summary (its events are not repeated; a batch may hold 10,000 of them). */
  public Message stream(StreamEntity.Address address, long sequence, Instant at, EventBatch batch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      header(json, STREAM_BATCH);
      json.writeStringField("tenant", address.tenant());
      json.writeStringField("stream", address.stream());
      json.writeNumberField("sequence", sequence);
      json.writeStringField("at", at.toString());
      summary(json, batch);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Message(streamKey(address), out.toByteArray(), at.toEpochMilli());
  }

  private boolean tooLarge(String key, byte[] value) {
    return key.getBytes(StandardCharsets.UTF_8).length + value.length + KAFKA_OVERHEAD_BYTES > maxMessageBytes;
  }

  private static byte[] recordJson(RecordEntity.Address address, RecordEvent event, boolean withValue) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      header(json, event instanceof RecordEvent.Written ? RECORD_WRITTEN : RECORD_DELETED);
      json.writeStringField("tenant", address.tenant());
      json.writeStringField("collection", address.collection());
      json.writeStringField("key", address.key());
      json.writeNumberField("recordVersion", event.version());
      json.writeStringField("at", event.at().toString());
      if (event instanceof RecordEvent.Written written) {
        json.writeBooleanField("created", written.created());
        if (withValue) {
          // The entity stored compact, validated JSON: embed it as it is instead of parsing it again.
          json.writeFieldName("value");
          json.writeRawValue(written.valueJson());
        } else {
          json.writeBooleanField("valueOmitted", true);
        }
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void header(JsonGenerator json, String type) throws IOException {
    json.writeStringField("type", type);
    json.writeNumberField("schemaVersion", SCHEMA_VERSION);
  }

  private static void summary(JsonGenerator json, EventBatch batch) throws IOException {
    long[] timestamps = batch.timestamps();
    double[] values = batch.values();
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long minTs = Long.MAX_VALUE;
    long maxTs = Long.MIN_VALUE;
    for (int i = 0; i < values.length; i++) {
      sum += values[i];
      min = Math.min(min, values[i]);
      max = Math.max(max, values[i]);
      minTs = Math.min(minTs, timestamps[i]);
      maxTs = Math.max(maxTs, timestamps[i]);
    }
    json.writeNumberField("count", values.length);
    // Every value is finite, but a sum of huge values may not be: JSON has no number for that.
    if (Double.isFinite(sum)) {
      json.writeNumberField("sum", sum);
    } else {
      json.writeNullField("sum");
    }
    json.writeNumberField("min", min);
    json.writeNumberField("max", max);
    json.writeNumberField("minTs", minTs);
    json.writeNumberField("maxTs", maxTs);
  }
}
