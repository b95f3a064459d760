package io.atrium.sharding.balancer;

import java.time.Duration;

/**
 * A time-weighted moving average of latency: a sample Δt after the previous one weighs
 * 1 - exp(-Δt/τ), so the average means "the last τ or so" whatever the request rate.
 *
 * <p>The peak-sensitive variant (Finagle's Peak EWMA) jumps to any sample above its current value at
 * once, so a routee that slows down is avoided from its first slow answer, and between samples it
 * decays towards 0 with τ: a routee that gets no traffic because it looked slow is tried again after
 * a while instead of being frozen out by an old figure. Not thread-safe (actor-confined).
 */
final class LatencyEwma {

  private final double tauNanos;
  private final boolean peakSensitive;
  private double millis;
  private long stampNanos;
  private boolean sampled;

  private LatencyEwma(Duration tau, boolean peakSensitive) {
    this.tauNanos = tau.toNanos();
    this.peakSensitive = peakSensitive;
  }

  static LatencyEwma plain(Duration tau) {
    return new LatencyEwma(tau, false);
  }

  static LatencyEwma peak(Duration tau) {
    return new LatencyEwma(tau, true);
  }

  void record(double sampleMillis, long nowNanos) {
    if (!sampled) {
      millis = sampleMillis;
      sampled = true;
    } else {
      double keep = keep(nowNanos);
      double decayed = peakSensitive ? millis * keep : millis;
      millis = peakSensitive && sampleMillis > decayed
          ? sampleMillis
          : millis * keep + sampleMillis * (1 - keep);
    }
    stampNanos = nowNanos;
  }

  boolean hasSamples() {
    return sampled;
  }

  /** The average now; 0 before the first sample. The peak variant decays while no sample comes. */
  double millis(long nowNanos) {
    return peakSensitive ? millis * keep(nowNanos) : millis;
  }

  /** Forgets every sample (a re-admitted routee is judged afresh). */
  void reset() {
    sampled = false;
    millis = 0;
  }

  private double keep(long nowNanos) {
    return Math.exp(-Math.max(0, nowNanos - stampNanos) / tauNanos);
  }
}
