package io.atrium.sharding.balancer;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code atrium} strategy's weight of a routee (README, "Adaptive routing"):
 *
 * <pre>
 * w_i = h_i · s_i / (L̂_i · (k_i + 1))
 *   L̂_i = max(L_min, max(R_i, c_i · S_i) + c_i · D_i)   predicted latency, ms
 *   R_i = router-observed peak EWMA of latency (the median of the others' before the first sample)
 *   S_i = the routee's service time per message, from its load report
 *   D_i = max(mailbox wait, queue per worker × service time)   from the routee's load report
 *   h_i = c_i · f_cpu · f_heap + (1 - c_i)    resource headroom, neutral (1) as the report ages
 *   s_i = max(m, 1 - max(e_i, c_i · e_report))   success factor
 *   k_i = this router's messages in flight to the routee
 *   c_i = confidence in the report by its age (ReportSettings)
 * </pre>
 */
final class AtriumWeights {

  private final AtriumSettings settings;
  private final ReportSettings reports;
  private final double minLatencyMillis;

  AtriumWeights(AtriumSettings settings, ReportSettings reports) {
    this.settings = settings;
    this.reports = reports;
    this.minLatencyMillis = settings.minLatency().toNanos() / 1e6;
  }

  double[] compute(List<RouteeStats> routees, long nowNanos) {
    double neutral = neutralLatencyMillis(routees, nowNanos);
    double[] weights = new double[routees.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = weight(routees.get(i), neutral, nowNanos);
    }
    return weights;
  }

  double weight(RouteeStats routee, double neutralLatencyMillis, long nowNanos) {
    RouteeLoad report = routee.report();
    double confidence = reports.confidence(report, nowNanos);
    double observed = routee.peakLatency().hasSamples() ? routee.peakLatency().millis(nowNanos) : neutralLatencyMillis;
    // R_i decays while the routee gets no answers, but a message sent now still takes at least the
    // service time its own node measures: without this floor an avoided slow routee is tried again
    // every few τ, which at a low message rate is a large share of the traffic.
    double floor = report == null ? 0 : confidence * report.serviceTimeMillis();
    double queue = report == null ? 0 : confidence * report.queueDelayMillis();
    double predicted = Math.max(minLatencyMillis, Math.max(observed, floor) + queue);
    double headroom = report == null ? 1 : confidence * cpuFactor(report) * heapFactor(report) + (1 - confidence);
    double errorRate = Math.max(routee.errorRate(), report == null ? 0 : confidence * report.errorRate());
    double success = Math.max(settings.minFactor(), 1 - errorRate);
    return headroom * success / (predicted * (routee.inFlight() + 1));
  }

  /** Full weight up to the CPU knee, then linearly down to the floor at 100 %. */
  double cpuFactor(RouteeLoad report) {
    if (report.cpuUtilization() <= settings.cpuKnee()) {
      return 1;
    }
    return Math.max(settings.minFactor(), (1 - report.cpuUtilization()) / (1 - settings.cpuKnee()));
  }

  /** Full weight down to the heap-headroom knee, then linearly down to the floor at no headroom. */
  double heapFactor(RouteeLoad report) {
    if (report.heapHeadroom() >= settings.heapKnee()) {
      return 1;
    }
    return Math.max(settings.minFactor(), report.heapHeadroom() / settings.heapKnee());
  }

  /** The latency assumed for a routee not measured yet: the median of the measured ones. */
  private double neutralLatencyMillis(List<RouteeStats> routees, long nowNanos) {
    double[] measured = routees.stream()
        .filter(routee -> routee.peakLatency().hasSamples())
        .mapToDouble(routee -> routee.peakLatency().millis(nowNanos))
        .toArray();
    return measured.length == 0 ? minLatencyMillis : median(measured);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
