package io.atrium.edge.traffic;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Events per second over sliding windows of up to {@link #HORIZON_SECONDS} seconds: a ring of
 * one-second buckets. A window of W seconds counts the W most recent <em>complete</em> seconds, so a
 * rate never dips because the current second has only just begun; the price is up to one second of lag.
 */
final class SlidingCounter {

  /** The longest window a caller may ask for. */
  static final int HORIZON_SECONDS = 60;

  /** The complete seconds plus the one now filling. */
  private static final int SLOTS = HORIZON_SECONDS + 1;
  private static final long COUNT_MASK = 0xFFFF_FFFFL;

  /**
   * Each bucket packs (second &lt;&lt; 32 | count) into one long, so that claiming a bucket for a new
   * second and counting into it is one compare-and-set: a separate "second" field and counter would
   * lose increments that land between the claim and the reset.
   */
  private final AtomicLongArray buckets = new AtomicLongArray(SLOTS);
  /** Counts of seconds whose bucket was claimed for a later second: the part of the total outside the ring. */
  private final AtomicLong retired = new AtomicLong();
  /** The highest total handed out, so that a read racing a bucket's reuse never goes backwards. */
  private final AtomicLong reportedTotal = new AtomicLong();

  SlidingCounter() {
    // No bucket belongs to any second yet; second 0 must not read as already counted.
    for (int i = 0; i < SLOTS; i++) {
      buckets.set(i, tag(-1) << 32);
    }
  }

  void increment(long nowMillis) {
    long second = Math.floorDiv(nowMillis, 1000);
    int slot = Math.floorMod(second, SLOTS);
    long tag = tag(second);
    while (true) {
      long current = buckets.get(slot);
      boolean sameSecond = (current >>> 32) == tag;
      long next = sameSecond ? current + 1 : (tag << 32) | 1;
      if (buckets.compareAndSet(slot, current, next)) {
        if (!sameSecond) {
          // Once per slot and second, not per event: the running total costs the hot path nothing.
          retired.addAndGet(current & COUNT_MASK);
        }
        return;
      }
    }
  }

  /** Events in the {@code seconds} complete seconds before the current one. */
  long count(long nowMillis, int seconds) {
    if (seconds < 1 || seconds > HORIZON_SECONDS) {
      throw new IllegalArgumentException("window must be 1.." + HORIZON_SECONDS + " s, was " + seconds);
    }
    long now = Math.floorDiv(nowMillis, 1000);
    long total = 0;
    for (long second = now - seconds; second < now; second++) {
      long bucket = buckets.get(Math.floorMod(second, SLOTS));
      if ((bucket >>> 32) == tag(second)) {
        total += bucket & COUNT_MASK;
      }
    }
    return total;
  }

  /** λ = N / T over the window, in events per second. */
  double rate(long nowMillis, int seconds) {
    return (double) count(nowMillis, seconds) / seconds;
  }

  /**
   * Events since the counter was created (for monotonic counters such as Prometheus's). Reads
   * {@code retired} before the ring: a bucket's count is added to {@code retired} only after its
   * claim, so a read can miss a count for an instant but never see it twice; the reported total is
   * clamped to what was reported before, so that instant shows no dip.
   */
  long total() {
    long total = retired.get();
    for (int i = 0; i < SLOTS; i++) {
      total += buckets.get(i) & COUNT_MASK;
    }
    return reportedTotal.accumulateAndGet(total, Math::max);
  }

  /** The second's low 32 bits: enough to tell apart the seconds a 61-slot ring can hold. */
  private static long tag(long second) {
    return second & COUNT_MASK;
  }
}
