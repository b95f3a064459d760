package io.atrium.sharding.balancer;

import static io.atrium.sharding.balancer.Fixtures.MILLI;
import static io.atrium.sharding.balancer.Fixtures.SECOND;
import static io.atrium.sharding.balancer.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyEwmaTest {

  private static final Duration TAU = Duration.ofSeconds(10);

  @Test
  void plainAverageWeighsASampleByTheTimeSinceThePrevious() {
    LatencyEwma ewma = LatencyEwma.plain(TAU);
    assertFalse(ewma.hasSamples());
    ewma.record(10, T0);
    assertEquals(10, ewma.millis(T0));
    ewma.record(20, T0 + 10 * SECOND); // one τ later: weight 1 - 1/e
    assertEquals(10 + 10 * (1 - Math.exp(-1)), ewma.millis(T0 + 10 * SECOND), 1e-9);
    assertEquals(ewma.millis(T0 + 10 * SECOND), ewma.millis(T0 + 100 * SECOND), "no decay while idle");
  }

  @Test
  void plainAverageConvergesOnASteadyLatency() {
    LatencyEwma ewma = LatencyEwma.plain(TAU);
    ewma.record(100, T0);
    for (int i = 1; i <= 60_000; i++) {
      ewma.record(2, T0 + i * MILLI);
    }
    // 60 s of 1 ms steps is 6 τ: what is left of the first sample is 98 × e^-6.
    assertEquals(2 + 98 * Math.exp(-6), ewma.millis(T0 + 60 * SECOND), 1e-6);
  }

  @Test
  void peakJumpsToAHigherSampleAtOnceAndDecaysWhileIdle() {
    LatencyEwma peak = LatencyEwma.peak(TAU);
    for (int i = 0; i < 100; i++) {
      peak.record(1, T0 + i * MILLI);
    }
    peak.record(50, T0 + 100 * MILLI);
    assertEquals(50, peak.millis(T0 + 100 * MILLI), 1e-9);
    assertEquals(50 * Math.exp(-1), peak.millis(T0 + 100 * MILLI + 10 * SECOND), 1e-9);
    assertTrue(peak.millis(T0 + 100 * SECOND) < 1, "an idle routee's cost decays towards 0, so it is tried again");
  }

  @Test
  void confirmedPeakIgnoresOneStraySlowAnswerButNotTwoInARow() {
    LatencyEwma peak = LatencyEwma.confirmedPeak(TAU);
    for (int i = 0; i < 100; i++) {
      peak.record(1, T0 + i * MILLI);
    }
    peak.record(100, T0 + 100 * MILLI); // one GC pause
    double keep = Math.exp(-0.001 / 10); // 1 ms since the previous sample, τ 10 s
    assertEquals(1 * keep + 100 * (1 - keep), peak.millis(T0 + 100 * MILLI), 1e-9, "only its time weight");
    peak.record(1, T0 + 101 * MILLI);
    assertTrue(peak.millis(T0 + 101 * MILLI) < 2, "forgotten as fast as any sample");

    peak.record(30, T0 + 102 * MILLI);
    peak.record(30, T0 + 103 * MILLI); // a real slowdown: the second slow answer confirms it
    assertEquals(30, peak.millis(T0 + 103 * MILLI), 1e-9);
  }

  @Test
  void resetForgetsEverySample() {
    LatencyEwma peak = LatencyEwma.peak(TAU);
    peak.record(80, T0);
    peak.reset();
    assertFalse(peak.hasSamples());
    peak.record(3, T0 + SECOND);
    assertEquals(3, peak.millis(T0 + SECOND));
  }

  @Test
  void errorRateFollowsTheRecentCompletions() {
    ErrorRate errors = new ErrorRate(20);
    assertEquals(0, errors.rate());
    for (int i = 0; i < 200; i++) {
      errors.record(true);
    }
    assertEquals(1, errors.rate(), 1e-6);
    for (int i = 0; i < 10; i++) {
      errors.record(false);
    }
    assertEquals(Math.pow(1 - 2.0 / 21, 10), errors.rate(), 1e-6);
  }
}
