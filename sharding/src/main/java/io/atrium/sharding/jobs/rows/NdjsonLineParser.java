package io.atrium.sharding.jobs.rows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A line of NDJSON: exactly one JSON object, no duplicate field names, nothing after it. */
final class NdjsonLineParser implements LineParser {

  // Shared: a mapper is thread-safe once configured, and costly to build per chunk.
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  @Override
  public Row parse(byte[] data, int from, int to, long line) {
    try (JsonParser parser = MAPPER.createParser(data, from, to - from)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedRowException(line, "not a JSON object");
      }
      Map<String, Object> values = new LinkedHashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        values.put(name, value(parser, parser.nextToken()));
      }
      if (parser.nextToken() != null) {
        throw new MalformedRowException(line, "more than one JSON value on the line");
      }
      return new Row(line, values);
    } catch (JsonProcessingException e) {
      throw new MalformedRowException(line, "invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      // Parsing a byte array does no I/O; this would be a Jackson bug.
      throw new UncheckedIOException(e);
    }
  }

  private static Object value(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
          ? parser.getBigIntegerValue()
          : (Object) parser.getLongValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> parser.readValueAsTree();
    };
  }
}
