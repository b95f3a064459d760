package io.atrium.sharding.balancer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ejects routees whose latency or error rate jumps versus the others, and lets them back in
 * gradually (see {@link Admission}). A routee is judged against the median of the <em>others</em>
 * (so that with two routees the good one is the yardstick) and only once it has
 * {@code min-samples} completions since its admission ({@code probation-min-samples} on probation).
 * Not thread-safe (actor-confined).
 */
final class OutlierDetector {

  private final EjectionSettings settings;
  private final double minLatencyExcessMillis;
  private long lastEvaluationNanos;
  private boolean evaluated;

  OutlierDetector(EjectionSettings settings) {
    this.settings = settings;
    this.minLatencyExcessMillis = settings.minLatencyExcess().toNanos() / 1e6;
  }

  /** Moves every admission on to {@code nowNanos} and, at most every evaluate-every, ejects outliers. */
  void update(List<RouteeStats> routees, long nowNanos) {
    for (RouteeStats routee : routees) {
      if (routee.admission().advance(nowNanos, settings)) {
        routee.readmitted();
      }
    }
    if (!settings.enabled()
        || (evaluated && nowNanos - lastEvaluationNanos < settings.evaluateEvery().toNanos())) {
      return;
    }
    evaluated = true;
    lastEvaluationNanos = nowNanos;
    ejectOutliers(routees, nowNanos);
  }

  private void ejectOutliers(List<RouteeStats> routees, long nowNanos) {
    List<Judged> outliers = new ArrayList<>();
    for (RouteeStats routee : routees) {
      Admission.State state = routee.admission().state();
      if (state != Admission.State.EJECTED && routee.samplesSinceAdmission() >= settings.minSamples(state)) {
        double severity = severity(routee, routees, nowNanos);
        if (severity > 1) {
          outliers.add(new Judged(routee, severity));
        }
      }
    }
    outliers.sort(Comparator.comparingDouble(Judged::severity).reversed());
    int out = (int) routees.stream().filter(routee -> routee.admission().out()).count();
    for (Judged outlier : outliers) {
      boolean alreadyOut = outlier.routee().admission().out();
      if (alreadyOut || out < maxOut(routees.size())) {
        outlier.routee().admission().eject(nowNanos, settings);
        out += alreadyOut ? 0 : 1;
      }
    }
  }

  /** How far past the ejection threshold a routee is (> 1 means outlier), by latency or errors. */
  private double severity(RouteeStats routee, List<RouteeStats> routees, long nowNanos) {
    List<RouteeStats> others = routees.stream()
        .filter(other -> other != routee && other.admission().state() != Admission.State.EJECTED)
        .toList();
    if (others.isEmpty()) {
      return 0;
    }
    double errorLimit = Math.max(settings.minErrorRate(),
        settings.errorFactor() * AtriumWeights.median(others.stream().mapToDouble(RouteeStats::errorRate).toArray()));
    double severity = errorLimit > 0 ? routee.errorRate() / errorLimit : 0;
    double[] latencies = others.stream()
        .filter(other -> other.peakLatency().hasSamples())
        .mapToDouble(other -> other.peakLatency().millis(nowNanos))
        .toArray();
    if (latencies.length > 0) {
      double median = AtriumWeights.median(latencies);
      double latencyLimit = Math.max(settings.latencyFactor() * median, median + minLatencyExcessMillis);
      severity = Math.max(severity, routee.peakLatency().millis(nowNanos) / latencyLimit);
    }
    return severity;
  }

  /** At most max-ejected-fraction of the routees out; at least one may be, never the last. */
  private int maxOut(int routees) {
    return Math.min(routees - 1, Math.max(1, (int) Math.floor(settings.maxEjectedFraction() * routees)));
  }

  private record Judged(RouteeStats routee, double severity) {}
}
