package io.atrium.sharding.balancer;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Messages sent to one routee and their latencies over the last {@code seconds} seconds (the
 * current one included): a ring of one-second slots, each with a dispatch count and a latency
 * histogram allocated on first use. Not thread-safe (actor-confined).
 */
final class RecentWindow {

  /** Latencies are kept in microseconds up to an hour, far past any ask timeout. */
  private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
  /** 1 % value precision. */
  private static final int SIGNIFICANT_DIGITS = 2;
  private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final int seconds;
  private final long createdNanos;
  private final long[] slotSecond;
  private final long[] dispatched;
  private final IntCountsHistogram[] latencies;

  RecentWindow(int seconds, long createdNanos) {
    this.seconds = seconds;
    this.createdNanos = createdNanos;
    this.slotSecond = new long[seconds];
    this.dispatched = new long[seconds];
    this.latencies = new IntCountsHistogram[seconds];
    Arrays.fill(slotSecond, Long.MIN_VALUE);
  }

  void dispatched(long nowNanos) {
    dispatched[claim(nowNanos)]++;
  }

  void completed(long latencyNanos, long nowNanos) {
    int slot = claim(nowNanos);
    if (latencies[slot] == null) {
      latencies[slot] = new IntCountsHistogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }
    latencies[slot].recordValue(Math.max(0, Math.min(TimeUnit.NANOSECONDS.toMicros(latencyNanos), HIGHEST_MICROS)));
  }

  /** Messages dispatched within the window. */
  long dispatchedCount(long nowNanos) {
    long total = 0;
    long now = second(nowNanos);
    for (int slot = 0; slot < seconds; slot++) {
      if (slotSecond[slot] > now - seconds) {
        total += dispatched[slot];
      }
    }
    return total;
  }

  /** λ_i: dispatches per second over the window (or since creation, if that is shorter). */
  double dispatchRate(long nowNanos) {
    long sinceSecondStart = nowNanos - second(nowNanos) * SECOND_NANOS;
    double spanNanos = Math.min((seconds - 1) * (double) SECOND_NANOS + sinceSecondStart, nowNanos - createdNanos);
    return spanNanos <= 0 ? 0 : dispatchedCount(nowNanos) * (double) SECOND_NANOS / spanNanos;
  }

  /** Completion latencies within the window, in microseconds. */
  Histogram latencyMicros(long nowNanos) {
    Histogram sum = new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    long now = second(nowNanos);
    for (int slot = 0; slot < seconds; slot++) {
      if (latencies[slot] != null && slotSecond[slot] > now - seconds) {
        sum.add(latencies[slot]);
      }
    }
    return sum;
  }

  /** The slot of the current second, cleared if it last held an older second. */
  private int claim(long nowNanos) {
    long second = second(nowNanos);
    int slot = (int) Math.floorMod(second, (long) seconds);
    if (slotSecond[slot] != second) {
      slotSecond[slot] = second;
      dispatched[slot] = 0;
      if (latencies[slot] != null) {
        latencies[slot].reset();
      }
    }
    return slot;
  }

  private static long second(long nanos) {
    return Math.floorDiv(nanos, SECOND_NANOS);
  }
}
