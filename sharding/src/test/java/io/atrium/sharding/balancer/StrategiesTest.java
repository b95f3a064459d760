package io.atrium.sharding.balancer;

import static io.atrium.sharding.balancer.Fixtures.SECOND;
import static io.atrium.sharding.balancer.Fixtures.T0;
import static io.atrium.sharding.balancer.Fixtures.complete;
import static io.atrium.sharding.balancer.Fixtures.counts;
import static io.atrium.sharding.balancer.Fixtures.load;
import static io.atrium.sharding.balancer.Fixtures.matches;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The basic behaviour of each strategy with fixed seeds; distributions by chi-square. */
class StrategiesTest {

  private static final int DRAWS = 30_000;

  private final BalancerSettings settings = Fixtures.settings("atrium.balancer.atrium.ejection.enabled = off");
  private final List<RouteeStats> routees = Fixtures.routees(settings, 3);

  private RoutingStrategy strategy(StrategyName name) {
    return RoutingStrategy.create(settings.withStrategy(name), new SplittableRandom(42));
  }

  @Test
  void configNamesMapToTheirStrategies() {
    assertInstanceOf(RoundRobin.class, strategy(StrategyName.ROUND_ROBIN));
    assertInstanceOf(RandomChoice.class, strategy(StrategyName.RANDOM));
    assertInstanceOf(LeastInflightP2C.class, strategy(StrategyName.LEAST_INFLIGHT_P2C));
    assertInstanceOf(ResourceWeighted.class, strategy(StrategyName.RESOURCE_WEIGHTED));
    assertInstanceOf(PeakEwmaP2C.class, strategy(StrategyName.PEAK_EWMA));
    assertInstanceOf(AtriumStrategy.class, strategy(StrategyName.ATRIUM));
  }

  @Test
  void roundRobinTakesEachInTurnWhateverTheLoad() {
    RoutingStrategy strategy = strategy(StrategyName.ROUND_ROBIN);
    complete(routees.get(1), 10, 500, true, T0);
    int[] picks = new int[7];
    for (int i = 0; i < picks.length; i++) {
      picks[i] = strategy.select(routees, T0);
    }
    assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0}, picks);
    assertArrayEquals(new double[] {1, 1, 1}, strategy.weights(routees, T0));
  }

  @Test
  void randomIsUniform() {
    assertTrue(matches(counts(strategy(StrategyName.RANDOM), routees, T0, DRAWS), new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}));
  }

  @Test
  void leastInflightPrefersTheLessBusyOfTwo() {
    inFlight(routees.get(0), 5);
    inFlight(routees.get(2), 5);
    // Routee 1 wins every pair it is in (2/3); 0 and 2 tie against each other: the first drawn wins.
    assertTrue(matches(counts(strategy(StrategyName.LEAST_INFLIGHT_P2C), routees, T0, DRAWS),
        new double[] {1 / 6.0, 2 / 3.0, 1 / 6.0}));
  }

  @Test
  void peakEwmaPrefersTheLowerLatencyTimesInFlight() {
    complete(routees.get(0), 10, 1, false, T0);
    complete(routees.get(1), 10, 10, false, T0);
    complete(routees.get(2), 10, 10, false, T0);
    RoutingStrategy strategy = strategy(StrategyName.PEAK_EWMA);
    assertTrue(matches(counts(strategy, routees, T0, DRAWS), new double[] {2 / 3.0, 1 / 6.0, 1 / 6.0}));
    inFlight(routees.get(0), 19); // cost 1 ms × 20 > 10 ms × 1
    assertTrue(matches(counts(strategy, routees, T0, DRAWS), new double[] {0, 1 / 2.0, 1 / 2.0}));
  }

  @Test
  void peakEwmaPenalisesABusyRouteeWithoutSamples() {
    complete(routees.get(0), 10, 100, false, T0);
    complete(routees.get(1), 10, 100, false, T0);
    inFlight(routees.get(2), 1);
    long[] counts = counts(strategy(StrategyName.PEAK_EWMA), routees, T0, DRAWS);
    assertEquals(0, counts[2], Arrays.toString(counts));
  }

  @Test
  void resourceWeightedDrawsByCapacityAndFillsGapsWithTheMean() {
    routees.get(0).reported(load(0.2, 1.0, T0)); // capacity 0.9
    routees.get(1).reported(load(0.6, 1.0, T0)); // capacity 0.7; routee 2: no report, the mean 0.8
    RoutingStrategy strategy = strategy(StrategyName.RESOURCE_WEIGHTED);
    assertArrayEquals(new double[] {0.9, 0.7, 0.8}, strategy.weights(routees, T0), 1e-9);
    assertTrue(matches(counts(strategy, routees, T0, DRAWS), new double[] {0.9 / 2.4, 0.7 / 2.4, 0.8 / 2.4}));
  }

  @Test
  void resourceWeightedForgetsStaleReports() {
    routees.get(0).reported(load(1.0, 0.0, T0)); // no capacity at all while fresh
    routees.get(1).reported(load(0.0, 1.0, T0 + 20 * SECOND));
    RoutingStrategy strategy = strategy(StrategyName.RESOURCE_WEIGHTED);
    assertArrayEquals(new double[] {1, 1, 1}, strategy.weights(routees, T0 + 20 * SECOND), 1e-9,
        "routee 0's report is 20 intervals old: neutral (the mean)");
  }

  @Test
  void atriumBetterOfTwoLeavesTheSlowRouteeOnlyOverflow() {
    complete(routees.get(0), 10, 1, false, T0);
    complete(routees.get(1), 10, 1, false, T0);
    complete(routees.get(2), 10, 3, false, T0);
    long[] counts = counts(strategy(StrategyName.ATRIUM), routees, T0, DRAWS);
    assertTrue(matches(counts, WeightedSamplerTest.betterOfTwoDistribution(new double[] {1, 1, 1 / 3.0})),
        Arrays.toString(counts));
    assertEquals(0, counts[2]);
    inFlight(routees.get(0), 3); // weights 1/4, 1, 1/3: now routee 2 beats routee 0 when drawn with it
    counts = counts(strategy(StrategyName.ATRIUM), routees, T0, DRAWS);
    assertTrue(matches(counts, WeightedSamplerTest.betterOfTwoDistribution(new double[] {0.25, 1, 1 / 3.0})),
        Arrays.toString(counts));
  }

  @Test
  void atriumProportionalSharesMatchTheWeights() {
    RoutingStrategy strategy = RoutingStrategy.create(
        Fixtures.settings("atrium.balancer.atrium.selection = proportional"), new SplittableRandom(3));
    complete(routees.get(0), 10, 1, false, T0);
    complete(routees.get(1), 10, 2, false, T0);
    complete(routees.get(2), 10, 4, false, T0);
    double[] weights = strategy.weights(routees, T0);
    assertArrayEquals(new double[] {1, 0.5, 0.25}, weights, 1e-9);
    assertTrue(matches(counts(strategy, routees, T0, DRAWS), WeightedSamplerTest.normalized(weights)));
  }

  private static void inFlight(RouteeStats routee, int count) {
    for (int i = 0; i < count; i++) {
      routee.dispatched(T0);
    }
  }
}
