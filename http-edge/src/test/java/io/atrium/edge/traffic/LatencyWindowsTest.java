package io.atrium.edge.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyWindowsTest {

  private final LatencyWindows latency = new LatencyWindows();

  @Test
  void percentilesOfTheWindowWithinOnePercent() {
    for (int ms = 1; ms <= 100; ms++) {
      latency.record(200, ms * 1_000L);
    }

    Histogram window = latency.window(900, 10);

    assertEquals(100, window.getTotalCount());
    assertEquals(50_000, window.getValueAtPercentile(50), 500);
    assertEquals(99_000, window.getValueAtPercentile(99), 990);
    assertEquals(100_000, window.getMaxValue(), 1_000);
  }

  @Test
  void samplesRecordedWithoutReadsInBetweenKeepTheirOwnSecond() {
    latency.record(0, 1_000);
    latency.record(1_000, 2_000);
    latency.record(2_000, 3_000);

    Histogram lastSecond = latency.window(2_500, 1);

    assertEquals(1, lastSecond.getTotalCount());
    assertEquals(3_000, lastSecond.getMaxValue(), 30);
    assertEquals(3, latency.window(2_500, 10).getTotalCount());
  }

  @Test
  void oldSecondsLeaveTheWindow() {
    latency.record(500, 1_000);
    latency.record(30_500, 9_000);

    assertEquals(1, latency.window(30_500, 10).getTotalCount());
    assertEquals(2, latency.window(30_500, 60).getTotalCount());
    assertEquals(1, latency.window(60_500, 60).getTotalCount(), "window covers seconds 1..60");
    assertEquals(0, latency.window(91_000, 60).getTotalCount());
  }

  @Test
  void aSlotReusedForALaterSecondForgetsItsOldSamples() {
    latency.record(500, 1_000);
    latency.window(500, 1); // moves the sample into second 0's slot
    latency.record(61_500, 2_000); // second 61 shares that slot

    Histogram window = latency.window(61_500, 60);

    assertEquals(1, window.getTotalCount());
    assertEquals(2_000, window.getMaxValue(), 20);
  }

  @Test
  void latencyBeyondTheTrackableRangeIsClampedNotLost() {
    latency.record(0, Long.MAX_VALUE);

    Histogram window = latency.window(0, 1);

    assertEquals(1, window.getTotalCount());
    assertTrue(window.getMaxValue() >= LatencyWindows.HIGHEST_MICROS * 0.99, Long.toString(window.getMaxValue()));
  }
}
