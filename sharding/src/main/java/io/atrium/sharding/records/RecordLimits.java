package io.atrium.sharding.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The shape a record must have: collection name, key length and characters, value size and nesting
 * depth. Used by the edge (before anything is sent to an entity) and by the entity (after a patch).
 */
public final class RecordLimits {

  private final Pattern collection;
  private final int maxKeyBytes;
  private final int maxValueBytes;
  private final int maxDepth;
  private final ObjectMapper mapper;

  public RecordLimits(Pattern collection, int maxKeyBytes, int maxValueBytes, int maxDepth) {
    this.collection = collection;
    this.maxKeyBytes = maxKeyBytes;
    this.maxValueBytes = maxValueBytes;
    this.maxDepth = maxDepth;
    this.mapper = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
            .build())
        // A body is one JSON value: "{...} junk" is malformed, not the part before the junk.
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        // Numbers are stored as the client wrote them: no double rounding (0.1000000000000000000001),
        // no overflow to "Infinity" (1e400), no dropped trailing zeros (1.10).
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .build();
  }

  public static RecordLimits fromConfig(Config config) {
    String path = "atrium.records.limits.collection-pattern";
    Pattern pattern;
    try {
      pattern = Pattern.compile(Settings.nonBlank(config, path));
    } catch (PatternSyntaxException e) {
      throw new SettingsException(path, "not a regular expression: " + e.getDescription(), e);
    }
    return new RecordLimits(pattern,
        Settings.positiveInt(config, "atrium.records.limits.max-key-bytes"),
        Settings.positiveInt(config, "atrium.records.limits.max-value-bytes"),
        Settings.positiveInt(config, "atrium.records.limits.max-depth"));
  }

  public int maxValueBytes() {
    return maxValueBytes;
  }

  /** Why {@code name} is not a valid collection, or empty when it is. */
  public Optional<String> collectionProblem(String name) {
    if (name.equals(".") || name.equals("..")) {
      return Optional.of("collection must not be \".\" or \"..\"");
    }
    return collection.matcher(name).matches()
        ? Optional.empty()
        : Optional.of("collection must match " + collection.pattern());
  }

  /** Why {@code key} is not a valid record key, or empty when it is. */
  public Optional<String> keyProblem(String key) {
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > maxKeyBytes) {
      return Optional.of("key must be 1 to " + maxKeyBytes + " bytes of UTF-8, was " + bytes);
    }
    if (key.equals(".") || key.equals("..")) {
      // URL path normalization removes these segments, even percent-encoded: such a key could be
      // written by no client.
      return Optional.of("key must not be \".\" or \"..\"");
    }
    if (key.codePoints().anyMatch(Character::isISOControl)) {
      return Optional.of("key must not contain control characters");
    }
    return Optional.empty();
  }

  /**
   * Parses a JSON document within the depth limit.
   *
   * @throws InvalidValueException naming the problem (malformed, too deep)
   */
  public JsonNode parse(String json) {
    try {
      JsonNode node = mapper.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new InvalidValueException("the body is empty; a JSON value is required");
      }
      return node;
    } catch (StreamConstraintsException e) {
      throw new InvalidValueException("the value is nested deeper than " + maxDepth + " levels");
    } catch (JsonProcessingException e) {
      throw new InvalidValueException("malformed JSON: " + e.getOriginalMessage());
    }
  }

  /** Compact JSON for a value that passed {@link #parse}, checked against the size limit. */
  public String serialize(JsonNode value) {
    String json;
    try {
      json = mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new InvalidValueException("cannot serialize the value: " + e.getOriginalMessage());
    }
    if (json.getBytes(StandardCharsets.UTF_8).length > maxValueBytes) {
      throw new ValueTooLargeException(maxValueBytes);
    }
    return json;
  }

  /** A JSON document the service does not accept. */
  public static class InvalidValueException extends RuntimeException {
    public InvalidValueException(String message) {
      super(message);
    }
  }

  /** A value above {@code atrium.records.limits.max-value-bytes}. */
  public static final class ValueTooLargeException extends InvalidValueException {
    public ValueTooLargeException(int limit) {
      super("the value is larger than " + limit + " bytes");
    }
  }
}
