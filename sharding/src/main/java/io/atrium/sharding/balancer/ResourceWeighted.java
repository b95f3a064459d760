package io.atrium.sharding.balancer;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Pekko's classic adaptive metrics router (mix selector, without the load average): capacity =
 * mean of CPU headroom (1 - utilization) and heap headroom, one draw in proportion to capacity. It
 * sees only the nodes' reports, never the router's own latencies. A routee without a report gets
 * the mean capacity of those with one, as in Pekko; a report blends into that mean as it ages.
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
    double sum = 0;
    int reported = 0;
    for (RouteeStats routee : routees) {
      if (routee.report() != null) {
        sum += capacity(routee.report());
        reported++;
      }
    }
    double mean = reported == 0 ? UNKNOWN_CAPACITY : sum / reported;
    double[] weights = new double[routees.size()];
    for (int i = 0; i < weights.length; i++) {
      RouteeLoad report = routees.get(i).report();
      double confidence = reports.confidence(report, nowNanos);
      weights[i] = confidence == 0 ? mean : confidence * capacity(report) + (1 - confidence) * mean;
    }
    return weights;
  }

  private static double capacity(RouteeLoad report) {
    return ((1 - report.cpuUtilization()) + report.heapHeadroom()) / 2;
  }
}
