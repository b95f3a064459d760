package io.atrium.sharding.streams;

import java.util.Arrays;

/**
 * Counts per bucket index for one sign of a {@link LogSketch}: a dense array over the range of
 * indexes in use, grown on demand. The range is capped at {@link LogSketch#MAX_BUCKETS_PER_SIGN};
 * beyond it the smallest magnitudes are folded into the lowest kept bucket, which bounds memory
 * whatever the input while keeping the error bound for everything but those smallest magnitudes.
 */
final class BucketStore {

  /** Slack added on the side that grows, so a slowly widening range does not copy on every event. */
  private static final int GROWTH_SLACK = 32;
  private static final long[] NONE = new long[0];

  private long[] counts = NONE;
  /** Bucket index of {@code counts[0]}. */
  private int offset;
  /** The range in use; empty when {@code lowest > highest}. */
  private int lowest = Integer.MAX_VALUE;
  private int highest = Integer.MIN_VALUE;

  boolean isEmpty() {
    return lowest > highest;
  }

  int lowest() {
    return lowest;
  }

  int highest() {
    return highest;
  }

  long countAt(int bucket) {
    return counts[bucket - offset];
  }

  void add(int bucket) {
    add(bucket, 1);
  }

  /** Adds every count of {@code other}, folding as if its events had been added one by one. */
  void addAll(BucketStore other) {
    for (int b = other.lowest; b <= other.highest; b++) {
      long n = other.countAt(b);
      if (n > 0) {
        add(b, n);
      }
    }
  }

  private void add(int bucket, long n) {
    int target = bucket < lowest || bucket > highest ? extendTo(bucket) : bucket;
    counts[target - offset] += n;
  }

  void clear() {
    if (!isEmpty()) {
      Arrays.fill(counts, lowest - offset, highest - offset + 1, 0L);
    }
    lowest = Integer.MAX_VALUE;
    highest = Integer.MIN_VALUE;
  }

  /** Counts for buckets {@code lowest()..highest()}, for snapshots; empty when nothing was added. */
  long[] toArray() {
    return isEmpty() ? NONE : Arrays.copyOfRange(counts, lowest - offset, highest - offset + 1);
  }

  static BucketStore fromArray(int lowest, long[] counts) {
    BucketStore store = new BucketStore();
    if (counts.length > 0) {
      store.counts = counts.clone();
      store.offset = lowest;
      store.lowest = lowest;
      store.highest = lowest + counts.length - 1;
    }
    return store;
  }

  /** Widens the range to hold {@code bucket}; returns the bucket to count it in (after folding). */
  private int extendTo(int bucket) {
    int newLowest = isEmpty() ? bucket : Math.min(lowest, bucket);
    int newHighest = isEmpty() ? bucket : Math.max(highest, bucket);
    if (newHighest - newLowest >= LogSketch.MAX_BUCKETS_PER_SIGN) {
      newLowest = newHighest - LogSketch.MAX_BUCKETS_PER_SIGN + 1;
    }
    long folded = foldBelow(newLowest);
    if (newLowest < offset || newHighest >= offset + counts.length) {
      reallocate(newLowest, newHighest);
    }
    lowest = newLowest;
    highest = newHighest;
    counts[lowest - offset] += folded;
    return Math.max(bucket, lowest);
  }

  /** Removes and returns the counts of buckets {@code from..to}. */
  private long folded(int from, int to) {
    long sum = 0;
    for (int b = from; b <= to; b++) {
      sum += counts[b - offset];
      counts[b - offset] = 0;
    }
    return sum;
  }

  /** Removes and returns the counts of buckets below {@code newLowest}. */
  private long foldBelow(int newLowest) {
    return isEmpty() || newLowest <= lowest ? 0 : folded(lowest, Math.min(highest, newLowest - 1));
  }

  private void reallocate(int newLowest, int newHighest) {
    int from = newLowest < lowest ? newLowest - GROWTH_SLACK : newLowest;
    int to = newHighest > highest ? newHighest + GROWTH_SLACK : newHighest;
    long[] grown = new long[to - from + 1];
    int keptFrom = Math.max(lowest, newLowest);
    if (!isEmpty() && keptFrom <= highest) {
      System.arraycopy(counts, keptFrom - offset, grown, keptFrom - from, highest - keptFrom + 1);
    }
    counts = grown;
    offset = from;
  }
}
