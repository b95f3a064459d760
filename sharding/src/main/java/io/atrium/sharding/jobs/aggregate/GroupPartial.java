package io.atrium.sharding.jobs.aggregate;

import io.atrium.sharding.streams.StreamSnapshot.SketchSnapshot;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One group's share of an aggregate partial.
 *
 * @param key the group's values of the groupBy fields, in their order ({@code null}: field absent)
 * @param rows rows in the group
 * @param values the numeric values' sketch (count, min, max, buckets)
 * @param sum the exact sum of the numeric values ({@link ExactSum#partials()})
 * @param distinct the distinct-count sketch ({@link HyperLogLog#toBytes()}), {@code null} if not asked for
 */
public record GroupPartial(List<String> key, long rows, SketchSnapshot values, double[] sum, byte[] distinct) {

  // By content: a partial that went through serialization must equal the one that went in.
  @Override
  public boolean equals(Object other) {
    return other instanceof GroupPartial that
        && Objects.equals(key, that.key)
        && rows == that.rows
        && Objects.equals(values, that.values)
        && Arrays.equals(sum, that.sum)
        && Arrays.equals(distinct, that.distinct);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, rows, values, Arrays.hashCode(sum), Arrays.hashCode(distinct));
  }

  @Override
  public String toString() {
    return "GroupPartial[key=" + key + ", rows=" + rows + ", values=" + values
        + ", sum=" + Arrays.toString(sum)
        + ", distinct=" + (distinct == null ? "none" : distinct.length + " bytes") + "]";
  }
}
