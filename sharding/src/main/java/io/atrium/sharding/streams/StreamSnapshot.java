package io.atrium.sharding.streams;

import io.atrium.persistence.serialization.CborSerializable;
import java.util.Arrays;
import java.util.List;

/**
 * The persisted form of a {@link StreamState}: plain records of numbers and arrays, built in one pass
 * when a snapshot is taken (never per event). Bucket counts are dense arrays from the lowest bucket
 * in use, which CBOR stores compactly (small counts take one or two bytes).
 */
public record StreamSnapshot(long batches, SketchSnapshot allTime, List<RingSnapshot> rings)
    implements CborSerializable {

  /**
   * The windows of one size: only those still retained and non-empty, oldest first.
   *
   * @param newestStart start of the newest window seen, or {@code Long.MIN_VALUE} before the first
   */
  public record RingSnapshot(WindowSize size, int capacity, long newestStart, long late,
      List<WindowSnapshot> windows) {}

  public record WindowSnapshot(long start, SketchSnapshot sketch) {}

  public record SketchSnapshot(long count, double sum, double min, double max, long zeros,
      int positiveLowest, long[] positiveCounts, int negativeLowest, long[] negativeCounts) {

    @Override
    public boolean equals(Object other) {
      return other instanceof SketchSnapshot that
          && count == that.count
          && Double.compare(sum, that.sum) == 0
          && Double.compare(min, that.min) == 0
          && Double.compare(max, that.max) == 0
          && zeros == that.zeros
          && positiveLowest == that.positiveLowest
          && Arrays.equals(positiveCounts, that.positiveCounts)
          && negativeLowest == that.negativeLowest
          && Arrays.equals(negativeCounts, that.negativeCounts);
    }

    @Override
    public int hashCode() {
      int hash = Long.hashCode(count);
      hash = 31 * hash + Double.hashCode(sum);
      hash = 31 * hash + Arrays.hashCode(positiveCounts);
      return 31 * hash + Arrays.hashCode(negativeCounts);
    }

    @Override
    public String toString() {
      return "SketchSnapshot[count=" + count + ", sum=" + sum + ", min=" + min + ", max=" + max
          + ", zeros=" + zeros + ", positive=" + positiveLowest + ":" + Arrays.toString(positiveCounts)
          + ", negative=" + negativeLowest + ":" + Arrays.toString(negativeCounts) + "]";
    }
  }
}
