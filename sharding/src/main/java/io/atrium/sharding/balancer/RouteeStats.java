package io.atrium.sharding.balancer;

import java.util.concurrent.TimeUnit;

/**
 * What the router knows about one routee: its own observations (in-flight, latency EWMAs, error
 * rate, recent traffic and latencies), the routee's latest load report, and whether the
 * {@code atrium} strategy has ejected it. Not thread-safe (actor-confined).
 */
final class RouteeStats {

  private static final double NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

  private final String id;
  private final LatencyEwma latency;
  private final LatencyEwma peakLatency;
  private final ErrorRate errors;
  private final RecentWindow window;
  private final Admission admission = new Admission();
  private int inFlight;
  private long samplesSinceAdmission;
  private RouteeLoad report;

  RouteeStats(String id, BalancerSettings settings, long nowNanos) {
    this.id = id;
    this.latency = LatencyEwma.plain(settings.latencyDecay());
    this.peakLatency = settings.strategy() == StrategyName.ATRIUM
        ? LatencyEwma.confirmedPeak(settings.peakLatencyDecay())
        : LatencyEwma.peak(settings.peakLatencyDecay());
    this.errors = new ErrorRate(settings.errorSamples());
    this.window = new RecentWindow(settings.windowSeconds(), nowNanos);
  }

  String id() {
    return id;
  }

  void dispatched(long nowNanos) {
    inFlight++;
    window.dispatched(nowNanos);
  }

  void completed(long latencyNanos, boolean error, long nowNanos) {
    inFlight = Math.max(0, inFlight - 1);
    double millis = latencyNanos / NANOS_PER_MILLI;
    latency.record(millis, nowNanos);
    peakLatency.record(millis, nowNanos);
    errors.record(error);
    window.completed(latencyNanos, nowNanos);
    samplesSinceAdmission++;
  }

  void reported(RouteeLoad load) {
    report = load;
  }

  /** Forgets the observations that got a routee ejected, so that it is judged afresh on probation. */
  void readmitted() {
    latency.reset();
    peakLatency.reset();
    errors.reset();
    samplesSinceAdmission = 0;
  }

  int inFlight() {
    return inFlight;
  }

  LatencyEwma latency() {
    return latency;
  }

  LatencyEwma peakLatency() {
    return peakLatency;
  }

  double errorRate() {
    return errors.rate();
  }

  RecentWindow window() {
    return window;
  }

  Admission admission() {
    return admission;
  }

  long samplesSinceAdmission() {
    return samplesSinceAdmission;
  }

  /** The latest load report, or null before the first. */
  RouteeLoad report() {
    return report;
  }
}
