package io.atrium.sharding.balancer;

import java.util.List;

/** Each routee in turn, blind to load: the baseline. */
final class RoundRobin implements RoutingStrategy {

  private long next;

  @Override
  public int select(List<RouteeStats> routees, long nowNanos) {
    return (int) Math.floorMod(next++, (long) routees.size());
  }

  @Override
  public double[] weights(List<RouteeStats> routees, long nowNanos) {
    return RoutingStrategy.equalWeights(routees);
  }
}
