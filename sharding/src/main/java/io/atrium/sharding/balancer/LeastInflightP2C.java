package io.atrium.sharding.balancer;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Envoy's least-request balancing: two distinct routees at random, the one with fewer of this
 * router's messages in flight wins (a tie goes to the first drawn).
 */
final class LeastInflightP2C implements RoutingStrategy {

  private final RandomGenerator random;

  LeastInflightP2C(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public int select(List<RouteeStats> routees, long nowNanos) {
    return WeightedSampler.cheaperOfTwo(routees.size(), random, i -> routees.get(i).inFlight());
  }

  /** 1 / (in-flight + 1): what the comparison prefers. */
  @Override
  public double[] weights(List<RouteeStats> routees, long nowNanos) {
    double[] weights = new double[routees.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = 1.0 / (routees.get(i).inFlight() + 1);
    }
    return weights;
  }
}
