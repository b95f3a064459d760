package io.atrium.sharding.balancer;

import java.time.Duration;

/**
 * A time-weighted moving average of latency: a sample Δt after the previous one weighs
 * 1 - exp(-Δt/τ), so the average means "the last τ or so" whatever the request rate.
 *
 * <p>The peak-sensitive variant (Finagle's Peak EWMA) jumps to any sample above its current value at
 * once, so a routee that slows down is avoided from its first slow answer, and between samples it
 * decays towards 0 with τ: a routee that gets no traffic because it looked slow is tried again after
 * a while instead of being frozen out by an old figure.
 *
 * <p>The confirmed-peak variant (the {@code atrium} strategy's) jumps only as high as the lower of
 * the last two samples: a routee that slowed down is still avoided from its second slow answer, but
 * one stray slow answer (a GC pause on either side, a scheduling hiccup of a loaded machine) only
 * moves the average by its time weight instead of making a fast routee look like the slowest one for
 * seconds. Not thread-safe (actor-confined).
 */
final class LatencyEwma {

  private final double tauNanos;
  private final boolean peakSensitive;
  private final boolean confirmPeaks;
  private double millis;
  private double previousSampleMillis;
  private long stampNanos;
  private boolean sampled;

  private LatencyEwma(Duration tau, boolean peakSensitive, boolean confirmPeaks) {
    this.tauNanos = tau.toNanos();
    this.peakSensitive = peakSensitive;
    this.confirmPeaks = confirmPeaks;
  }

  static LatencyEwma plain(Duration tau) {
    return new LatencyEwma(tau, false, false);
  }

  static LatencyEwma peak(Duration tau) {
    return new LatencyEwma(tau, true, false);
  }

  static LatencyEwma confirmedPeak(Duration tau) {
    return new LatencyEwma(tau, true, true);
  }

  void record(double sampleMillis, long nowNanos) {
    if (!sampled) {
      millis = sampleMillis;
      sampled = true;
    } else {
      double keep = keep(nowNanos);
      double decayed = peakSensitive ? millis * keep : millis;
      double blended = millis * keep + sampleMillis * (1 - keep);
      double peak = confirmPeaks ? Math.min(sampleMillis, previousSampleMillis) : sampleMillis;
      millis = peakSensitive && peak > decayed ? Math.max(peak, blended) : blended;
    }
    previousSampleMillis = sampleMillis;
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
