package io.atrium.edge.streams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.atrium.sharding.streams.EventBatch;
import io.atrium.sharding.streams.StreamSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a request body into an {@link EventBatch} with Jackson's streaming parser: no tree per event,
 * values go straight into primitive arrays. Every rule is checked on the way, so the first problem
 * found is reported with its event index and nothing else has to look at the events again.
 *
 * <p>An event is {@code {"ts": epoch-millis, "value": number, "tags": {string: string}}}; {@code ts}
 * and {@code tags} are optional (absent or null: the request's arrival time, no tags); other fields
 * are ignored so clients may send more than Atrium reads.
 */
final class EventsParser {

  /**
   * Thread-safe. Duplicate detection turns {"value":1,"value":2} into an error instead of a guess;
   * the fast double parser (same results as Double.parseDouble) is the hot path's biggest saving.
   */
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .build();
  private static final int INITIAL_CAPACITY = 256;

  private final StreamSettings settings;

  EventsParser(StreamSettings settings) {
    this.settings = settings;
  }

  /**
   * @param nowMillis the request's arrival time: the default ts, and the base of the future limit
   */
  EventBatch parse(byte[] body, BodyFormat format, long nowMillis) throws InvalidEvents {
    Builder events = new Builder(nowMillis);
    try (JsonParser parser = JSON.createParser(body)) {
      JsonToken token = parser.nextToken();
      if (format == BodyFormat.JSON_ARRAY) {
        if (token != JsonToken.START_ARRAY) {
          throw InvalidEvents.body("The body must be a JSON array of events");
        }
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
          events.read(parser, token);
        }
        if (parser.nextToken() != null) {
          throw InvalidEvents.malformed("Unexpected content after the array of events");
        }
      } else {
        for (; token != null; token = parser.nextToken()) {
          events.read(parser, token);
        }
      }
    } catch (JsonProcessingException e) {
      throw InvalidEvents.malformed("Malformed JSON: " + e.getOriginalMessage() + at(e.getLocation()));
    } catch (IOException e) {
      // Parsing a byte array performs no I/O; anything else Jackson reports is a malformed body.
      throw InvalidEvents.malformed("Malformed JSON: " + e.getMessage());
    }
    return events.build();
  }

  private static String at(JsonLocation location) {
    return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /** Grows the arrays as events arrive, up to the per-request limit. */
  private final class Builder {
    private final long now;
    private final long latestAllowed;
    private long[] timestamps = new long[INITIAL_CAPACITY];
    private double[] values = new double[INITIAL_CAPACITY];
    private List<Map<String, String>> tags;
    private int size;

    Builder(long now) {
      this.now = now;
      this.latestAllowed = now + settings.maxFutureSkew().toMillis();
    }

    void read(JsonParser parser, JsonToken start) throws IOException, InvalidEvents {
      int index = size;
      if (index == settings.maxEventsPerRequest()) {
        throw InvalidEvents.tooMany(settings.maxEventsPerRequest());
      }
      if (start != JsonToken.START_OBJECT) {
        throw InvalidEvents.event(index, " must be an object with a numeric \"value\"");
      }
      long ts = now;
      double value = 0;
      boolean hasValue = false;
      Map<String, String> eventTags = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken token = parser.nextToken();
        switch (field) {
          case "value" -> {
            value = readValue(parser, token, index);
            hasValue = true;
          }
          case "ts" -> ts = token == JsonToken.VALUE_NULL ? now : readTs(parser, token, index);
          case "tags" -> eventTags = token == JsonToken.VALUE_NULL ? null : readTags(parser, token, index);
          default -> parser.skipChildren();
        }
      }
      if (!hasValue) {
        throw InvalidEvents.event(index, ".value is required");
      }
      append(ts, value, eventTags);
    }

    private double readValue(JsonParser parser, JsonToken token, int index) throws IOException, InvalidEvents {
      if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
        throw InvalidEvents.event(index, ".value must be a number");
      }
      double value = parser.getDoubleValue();
      if (!Double.isFinite(value)) {
        throw InvalidEvents.event(index, ".value is out of range");
      }
      return value;
    }

    private long readTs(JsonParser parser, JsonToken token, int index) throws IOException, InvalidEvents {
      if (token != JsonToken.VALUE_NUMBER_INT) {
        throw InvalidEvents.event(index, ".ts must be an integer (epoch milliseconds)");
      }
      if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        throw InvalidEvents.event(index, ".ts is out of range");
      }
      long ts = parser.getLongValue();
      if (ts < 0) {
        throw InvalidEvents.event(index, ".ts must not be negative");
      }
      if (ts > latestAllowed) {
        throw InvalidEvents.event(index, ".ts is more than " + settings.maxFutureSkew().toMillis()
            + " ms ahead of the server's clock");
      }
      return ts;
    }

    private Map<String, String> readTags(JsonParser parser, JsonToken token, int index)
        throws IOException, InvalidEvents {
      if (token != JsonToken.START_OBJECT) {
        throw InvalidEvents.event(index, ".tags must be an object of strings");
      }
      Map<String, String> result = new HashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        if (key.isEmpty() || key.length() > settings.maxTagLength()) {
          throw InvalidEvents.event(index, ".tags keys must be 1 to " + settings.maxTagLength() + " characters");
        }
        if (parser.nextToken() != JsonToken.VALUE_STRING) {
          throw InvalidEvents.event(index, ".tags." + key + " must be a string");
        }
        String value = parser.getText();
        if (value.length() > settings.maxTagLength()) {
          throw InvalidEvents.event(index, ".tags." + key + " must be at most " + settings.maxTagLength()
              + " characters");
        }
        result.put(key, value);
        if (result.size() > settings.maxTagsPerEvent()) {
          throw InvalidEvents.event(index, ".tags may hold at most " + settings.maxTagsPerEvent() + " tags");
        }
      }
      return result;
    }

    private void append(long ts, double value, Map<String, String> eventTags) {
      if (size == values.length) {
        int capacity = Math.min(settings.maxEventsPerRequest(), size * 2);
        timestamps = Arrays.copyOf(timestamps, capacity);
        values = Arrays.copyOf(values, capacity);
      }
      if (eventTags != null && !eventTags.isEmpty() && tags == null) {
        // The first tagged event: every earlier event gets an empty map, so tags line up by index.
        tags = new ArrayList<>(Math.max(INITIAL_CAPACITY, size * 2));
        for (int i = 0; i < size; i++) {
          tags.add(Map.of());
        }
      }
      if (tags != null) {
        tags.add(eventTags == null ? Map.of() : eventTags);
      }
      timestamps[size] = ts;
      // -0.0 and 0.0 are the same measurement; store one of them.
      values[size] = value + 0.0;
      size++;
    }

    EventBatch build() throws InvalidEvents {
      if (size == 0) {
        throw InvalidEvents.body("The body holds no events");
      }
      return new EventBatch(Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size),
          tags == null ? List.of() : tags);
    }
  }
}
