package io.atrium.sharding.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Typed reads of a job's {@code "params"} object, each failure an {@link InvalidParamsException}
 * naming the param. Unknown params are refused: a misspelt optional param must not silently run
 * the job with a default.
 */
public final class JsonParams {

  private final JsonNode params;

  private JsonParams(JsonNode params) {
    this.params = params;
  }

  /** The params object, checked to be a JSON object holding no name outside {@code known}. */
  public static JsonParams of(JsonNode params, Set<String> known) {
    if (params == null || !params.isObject()) {
      throw new IllegalArgumentException("params must be a JSON object");
    }
    for (Iterator<String> names = params.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        String knownNames = String.join(", ", known.stream().sorted().toList());
        throw new InvalidParamsException(name, "unknown param; known: " + knownNames);
      }
    }
    return new JsonParams(params);
  }

  public boolean has(String name) {
    JsonNode value = params.get(name);
    return value != null && !value.isNull();
  }

  /** A required non-empty string. */
  public String text(String name) {
    JsonNode value = params.get(name);
    if (value == null || value.isNull()) {
      throw new InvalidParamsException(name, "is required");
    }
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new InvalidParamsException(name, "must be a non-empty string");
    }
    return value.asText();
  }

  /** An optional non-empty string, {@code null} when absent. */
  public String optionalText(String name) {
    return has(name) ? text(name) : null;
  }

  /** An array of non-empty strings, without duplicates; empty when absent. */
  public List<String> texts(String name) {
    JsonNode value = params.get(name);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new InvalidParamsException(name, "must be an array of field names");
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual() || item.asText().isEmpty()) {
        throw new InvalidParamsException(name, "must hold non-empty strings only");
      }
      if (texts.contains(item.asText())) {
        throw new InvalidParamsException(name, "names \"" + item.asText() + "\" twice");
      }
      texts.add(item.asText());
    }
    return List.copyOf(texts);
  }

  /** An integer in {@code [min, max]}, or {@code fallback} when absent. */
  public int integer(String name, int fallback, int min, int max) {
    JsonNode value = params.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
      throw new InvalidParamsException(name, "must be an integer between " + min + " and " + max);
    }
    return value.asInt();
  }

  /** A boolean, or {@code fallback} when absent. */
  public boolean bool(String name, boolean fallback) {
    JsonNode value = params.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new InvalidParamsException(name, "must be true or false");
    }
    return value.asBoolean();
  }
}
