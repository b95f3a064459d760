package io.atrium.sharding.balancer;

import static io.atrium.sharding.balancer.Fixtures.MILLI;
import static io.atrium.sharding.balancer.Fixtures.SECOND;
import static io.atrium.sharding.balancer.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RecentWindowTest {

  @Test
  void countsRateAndPercentilesCoverTheLastSeconds() {
    RecentWindow window = new RecentWindow(10, T0);
    for (int second = 0; second < 20; second++) {
      for (int i = 0; i < 100; i++) {
        long now = T0 + second * SECOND + i * MILLI;
        window.dispatched(now);
        window.completed((second < 10 ? 50 : i + 1) * MILLI, now);
      }
    }
    long end = T0 + 19 * SECOND + 500 * MILLI;
    assertEquals(1000, window.dispatchedCount(end), "seconds 10 … 19");
    assertEquals(1000 / 9.5, window.dispatchRate(end), 1e-9, "over 9 whole seconds and half the current one");
    Histogram latencies = window.latencyMicros(end);
    assertEquals(1000, latencies.getTotalCount(), "the 50 ms latencies of seconds 0 … 9 are gone");
    assertEquals(50, latencies.getValueAtPercentile(50) / 1000.0, 0.5);
    assertEquals(99, latencies.getValueAtPercentile(99) / 1000.0, 1);
    assertEquals(0, window.dispatchedCount(end + 20 * SECOND), "idle long enough: empty");
  }

  @Test
  void aYoungWindowMeasuresItsRateSinceCreation() {
    RecentWindow window = new RecentWindow(10, T0);
    for (int i = 0; i < 50; i++) {
      window.dispatched(T0 + i * 10 * MILLI);
    }
    assertEquals(100, window.dispatchRate(T0 + 500 * MILLI), 1e-9);
  }
}
