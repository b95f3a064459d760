package io.atrium.sharding.balancer;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Picks the routee of each message. One implementation per {@link StrategyName}; every one is
 * deterministic given the clock readings it is passed and its random generator. Not thread-safe
 * (called from the router actor only).
 */
sealed interface RoutingStrategy
    permits RoundRobin, RandomChoice, LeastInflightP2C, ResourceWeighted, PeakEwmaP2C, AtriumStrategy {

  /** The index, in {@code routees} (never empty), of the routee for the next message. */
  int select(List<RouteeStats> routees, long nowNanos);

  /** This strategy's weight of each routee now, in the same order; 1 where it has no weights. */
  double[] weights(List<RouteeStats> routees, long nowNanos);

  static RoutingStrategy create(BalancerSettings settings, RandomGenerator random) {
    return switch (settings.strategy()) {
      case ROUND_ROBIN -> new RoundRobin();
      case RANDOM -> new RandomChoice(random);
      case LEAST_INFLIGHT_P2C -> new LeastInflightP2C(random);
      case RESOURCE_WEIGHTED -> new ResourceWeighted(settings.reports(), random);
      case PEAK_EWMA -> new PeakEwmaP2C(random);
      case ATRIUM -> new AtriumStrategy(settings.atrium(), settings.reports(), random);
    };
  }

  /** Equal weights, for strategies that have none. */
  static double[] equalWeights(List<RouteeStats> routees) {
    double[] weights = new double[routees.size()];
    Arrays.fill(weights, 1);
    return weights;
  }
}
