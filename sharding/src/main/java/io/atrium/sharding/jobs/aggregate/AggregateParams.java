package io.atrium.sharding.jobs.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.persistence.serialization.CborSerializable;
import io.atrium.sharding.jobs.JsonParams;
import java.util.List;
import java.util.Set;

/**
 * The params of an {@code aggregate} job:
 *
 * <pre>{@code
 * {"groupBy": ["region", "product"],  // optional; absent or [] = one group, the whole dataset
 *  "field": "amount",                 // required; the numeric field summarized per group
 *  "distinct": "user",                // optional; count distinct values of this field per group
 *  "precision": 12}                   // optional; HyperLogLog precision 4..18 for "distinct"
 * }</pre>
 *
 * @param precision HyperLogLog precision; the standard error of "distinct" is 1.04/√(2^precision)
 */
public record AggregateParams(List<String> groupBy, String field, String distinct, int precision)
    implements CborSerializable {

  private static final Set<String> KNOWN = Set.of("groupBy", "field", "distinct", "precision");

  public AggregateParams {
    groupBy = List.copyOf(groupBy);
    HyperLogLog.checkPrecision(precision);
  }

  static AggregateParams parse(JsonNode json, int defaultPrecision) {
    JsonParams params = JsonParams.of(json, KNOWN);
    return new AggregateParams(params.texts("groupBy"), params.text("field"), params.optionalText("distinct"),
        params.integer("precision", defaultPrecision, HyperLogLog.MIN_PRECISION, HyperLogLog.MAX_PRECISION));
  }

  boolean countsDistinct() {
    return distinct != null;
  }
}
