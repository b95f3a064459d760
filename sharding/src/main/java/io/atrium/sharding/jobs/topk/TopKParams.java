package io.atrium.sharding.jobs.topk;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.persistence.serialization.CborSerializable;
import io.atrium.sharding.jobs.JsonParams;
import java.util.Set;

/**
 * The params of a {@code topk} job:
 *
 * <pre>{@code
 * {"field": "product",  // required; the field whose values are counted
 *  "k": 10,             // optional, default 10; 1..atrium.jobs.topk.max-k
 *  "words": false}      // optional; true counts the words of the field's text instead of whole values
 * }</pre>
 */
public record TopKParams(String field, int k, boolean words) implements CborSerializable {

  private static final Set<String> KNOWN = Set.of("field", "k", "words");
  private static final int DEFAULT_K = 10;

  static TopKParams parse(JsonNode json, int maxK) {
    JsonParams params = JsonParams.of(json, KNOWN);
    return new TopKParams(params.text("field"), params.integer("k", Math.min(DEFAULT_K, maxK), 1, maxK),
        params.bool("words", false));
  }
}
