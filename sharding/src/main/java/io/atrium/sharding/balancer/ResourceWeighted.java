package io.atrium.sharding.balancer;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Pekko's classic adaptive metrics router (mix selector, without the load average): capacity =
 * mean of CPU headroom (1 - utilization) and heap headroom, one draw in proportion to capacity. It
 * sees only the nodes' reports, never the router's own latencies. A routee without a report gets
 * the mean capacity of those with one, as in Pekko; a report blends into that mean as it ages
 * (the mean itself weighs each report by its freshness).
 */
final class ResourceWeighted implements RoutingStrategy {

  /** Capacity when no routee has a report: all equal. */
  private static final double UNKNOWN_CAPACITY = 1;

  private final ReportSettings reports;
  private final RandomGenerator random;

  ResourceWeighted(ReportSettings reports, RandomGenerator random) {
    this.reports = reports;
    this.random = random;
  }

  @Override
  public int select(List<RouteeStats> routees, long nowNanos) {
    return WeightedSampler.draw(weights(routees, nowNanos), random);
  }

  @Override
  public double[] weights(List<RouteeStats> routees, long nowNanos) {
    double[] confidence = new double[routees.size()];
    double trusted = 0;
    double trustedCapacity = 0;
    for (int i = 0; i < confidence.length; i++) {
      RouteeLoad report = routees.get(i).report();
      confidence[i] = reports.confidence(report, nowNanos);
      if (confidence[i] > 0) {
        trusted += confidence[i];
        trustedCapacity += confidence[i] * capacity(report);
      }
    }
    double mean = trusted == 0 ? UNKNOWN_CAPACITY : trustedCapacity / trusted;
    double[] weights = new double[routees.size()];
    for (int i = 0; i < weights.length; i++) {
      RouteeLoad report = routees.get(i).report();
      weights[i] = confidence[i] == 0 ? mean : confidence[i] * capacity(report) + (1 - confidence[i]) * mean;
    }
    return weights;
  }

  private static double capacity(RouteeLoad report) {
    return ((1 - report.cpuUtilization()) + report.heapHeadroom()) / 2;
  }
}
