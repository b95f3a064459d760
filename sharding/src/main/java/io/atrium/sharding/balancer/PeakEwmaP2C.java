package io.atrium.sharding.balancer;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Finagle's Peak EWMA balancer: two distinct routees at random, the one with the lower cost
 * wins, cost = peak EWMA of latency × (in-flight + 1). A routee with messages in flight but no
 * latency sample yet costs a penalty, as in Finagle, so that a new routee is not flooded before its
 * first answer.
 */
final class PeakEwmaP2C implements RoutingStrategy {

  /** Finagle's penalty for an unmeasured busy routee: far above any real cost. */
  private static final double UNMEASURED_PENALTY = Long.MAX_VALUE >> 16;
  /** Weights are 1 / cost; costs are floored here (1 ns, in ms) so an unmeasured idle routee has a finite one. */
  private static final double MIN_COST_MILLIS = 1e-6;

  private final RandomGenerator random;

  PeakEwmaP2C(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public int select(List<RouteeStats> routees, long nowNanos) {
    return WeightedSampler.cheaperOfTwo(routees.size(), random, i -> cost(routees.get(i), nowNanos));
  }

  @Override
  public double[] weights(List<RouteeStats> routees, long nowNanos) {
    double[] weights = new double[routees.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = 1 / Math.max(MIN_COST_MILLIS, cost(routees.get(i), nowNanos));
    }
    return weights;
  }

  private static double cost(RouteeStats routee, long nowNanos) {
    double latency = routee.peakLatency().millis(nowNanos);
    int pending = routee.inFlight();
    if (latency == 0 && pending != 0) {
      return UNMEASURED_PENALTY + pending;
    }
    return latency * (pending + 1);
  }
}
