package io.atrium.sharding.balancer;

import java.util.List;
import java.util.random.RandomGenerator;

/** A uniformly random routee, blind to load. */
final class RandomChoice implements RoutingStrategy {

  private final RandomGenerator random;

  RandomChoice(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public int select(List<RouteeStats> routees, long nowNanos) {
    return random.nextInt(routees.size());
  }

  @Override
  public double[] weights(List<RouteeStats> routees, long nowNanos) {
    return RoutingStrategy.equalWeights(routees);
  }
}
