package io.atrium.edge.traffic;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;
import org.HdrHistogram.Recorder;

/**
 * A latency distribution over sliding windows of up to {@link SlidingCounter#HORIZON_SECONDS}
 * seconds. Requests record into a wait-free {@link Recorder}; once a second (on the first record or
 * read in a new second) its interval histogram is moved into a ring of per-second histograms, which
 * a read adds up for the window it wants. A window includes the current second: percentiles, unlike
 * rates, are not skewed by a second that has only just begun.
 */
final class LatencyWindows {

  /** Microseconds; longer latencies are recorded as this (an hour is past any request timeout). */
  static final long HIGHEST_MICROS = 3_600_000_000L;
  /**
   * 1 % value precision; with int counts (a second never holds 2^31 samples) each per-second
   * histogram takes about 14 KB, so a route busy in every second of the minute holds under 1 MB.
   */
  private static final int SIGNIFICANT_DIGITS = 2;
  private static final int SLOTS = SlidingCounter.HORIZON_SECONDS + 1;

  private final Recorder recorder = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
  // Guarded by this; slots are allocated on first use, so an idle route costs almost nothing.
  private final IntCountsHistogram[] slots = new IntCountsHistogram[SLOTS];
  private final long[] slotSecond = new long[SLOTS];
  private Histogram interval;
  /** The second the recorder's samples belong to; written under the lock, read without it. */
  private volatile long currentSecond = Long.MIN_VALUE;

  void record(long nowMillis, long micros) {
    long second = Math.floorDiv(nowMillis, 1000);
    if (second > currentSecond) {
      advanceTo(second);
    }
    recorder.recordValue(Math.max(0, Math.min(micros, HIGHEST_MICROS)));
  }

  /** The distribution of the last {@code seconds} seconds, the current one included. */
  synchronized Histogram window(long nowMillis, int seconds) {
    long now = Math.floorDiv(nowMillis, 1000);
    advanceTo(now);
    drain();
    Histogram sum = new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    for (long second = now - seconds + 1; second <= now; second++) {
      int slot = Math.floorMod(second, SLOTS);
      if (slots[slot] != null && slotSecond[slot] == second) {
        sum.add(slots[slot]);
      }
    }
    return sum;
  }

  private synchronized void advanceTo(long second) {
    if (second > currentSecond) {
      // A record racing this roll-over may land one second late; that is within the 1 s resolution.
      drain();
      currentSecond = second;
    }
  }

  /** Moves what the recorder holds into the current second's histogram. Caller holds the lock. */
  private void drain() {
    interval = recorder.getIntervalHistogram(interval);
    if (interval.getTotalCount() == 0) {
      return;
    }
    int slot = Math.floorMod(currentSecond, SLOTS);
    if (slots[slot] == null) {
      slots[slot] = new IntCountsHistogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    } else if (slotSecond[slot] != currentSecond) {
      slots[slot].reset();
    }
    slotSecond[slot] = currentSecond;
    slots[slot].add(interval);
  }
}
