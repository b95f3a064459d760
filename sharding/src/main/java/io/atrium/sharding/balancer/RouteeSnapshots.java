package io.atrium.sharding.balancer;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Turns a routee's stats into its {@link BalancerSnapshot.Routee} entry. */
final class RouteeSnapshots {

  private static final double MICROS_PER_MILLI = 1000;
  private static final double MEDIAN = 50;
  private static final double P99 = 99;

  private RouteeSnapshots() {}

  /** {@code totalDispatched}: every routee's messages in the window, for the share. */
  static BalancerSnapshot.Routee of(RouteeStats stats, double weight, long totalDispatched, long nowNanos) {
    Histogram latencies = stats.window().latencyMicros(nowNanos);
    long dispatched = stats.window().dispatchedCount(nowNanos);
    Admission.State admission = stats.admission().state();
    return new BalancerSnapshot.Routee(
        stats.id(),
        weight,
        totalDispatched == 0 ? 0 : (double) dispatched / totalDispatched,
        stats.window().dispatchRate(nowNanos),
        stats.inFlight(),
        latencies.getValueAtPercentile(MEDIAN) / MICROS_PER_MILLI,
        latencies.getValueAtPercentile(P99) / MICROS_PER_MILLI,
        stats.latency().millis(nowNanos),
        stats.peakLatency().millis(nowNanos),
        stats.errorRate(),
        admission == Admission.State.EJECTED,
        admission.name().toLowerCase(Locale.ROOT));
  }
}
