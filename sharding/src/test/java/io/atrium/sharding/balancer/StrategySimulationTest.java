package io.atrium.sharding.balancer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.sharding.balancer.QueueSimulation.Result;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The strategies against simulated queues (open loop, fixed seed): the scenarios in
 * miniature. Not a benchmark of the real system, but a check that the design does what the
 * README claims before any cluster runs it.
 */
class StrategySimulationTest {

  private static final int WORKERS = 4;
  private static final double FAST_MILLIS = 1;
  /** One routee 20 ms slower: the "+20 ms injected" scenario. */
  private static final double SLOW_MILLIS = 21;
  /** Round-robin sends the slow routee 150/s: 79 % of its 4 / 21 ms; the fast ones run at 4 %. */
  private static final double RATE = 450;
  private static final int SECONDS = 30;

  /** Equal routees at 75 % of their 3 × 4 / 1 ms: queues form, so balancing matters. */
  private static final double CONTROL_RATE = 9000;
  private static final int CONTROL_SECONDS = 10;

  private static Map<StrategyName, Result> runAll(double rate, int seconds, double... serviceMillis) {
    Map<StrategyName, Result> results = new EnumMap<>(StrategyName.class);
    for (StrategyName strategy : StrategyName.values()) {
      QueueSimulation simulation = new QueueSimulation(Fixtures.settings("").withStrategy(strategy), WORKERS, serviceMillis);
      results.put(strategy, simulation.run(rate, seconds, 1));
    }
    return results;
  }

  @Test
  void withOneSlowRouteeAtriumKeepsTheTailShort() {
    Map<StrategyName, Result> results = runAll(RATE, SECONDS, FAST_MILLIS, FAST_MILLIS, SLOW_MILLIS);
    String report = describe(results);
    Result atrium = results.get(StrategyName.ATRIUM);
    assertTrue(atrium.shares()[2] < 0.01, report);
    assertTrue(atrium.p99Millis() * 3 <= results.get(StrategyName.ROUND_ROBIN).p99Millis(), report);
    assertTrue(atrium.p99Millis() <= results.get(StrategyName.PEAK_EWMA).p99Millis() * 1.1, report);
    assertTrue(atrium.p99Millis() <= results.get(StrategyName.LEAST_INFLIGHT_P2C).p99Millis() * 1.1, report);
  }

  @Test
  void withEqualRouteesAtriumCostsNothing() {
    Map<StrategyName, Result> results = runAll(CONTROL_RATE, CONTROL_SECONDS, FAST_MILLIS, FAST_MILLIS, FAST_MILLIS);
    String report = describe(results);
    Result atrium = results.get(StrategyName.ATRIUM);
    Result roundRobin = results.get(StrategyName.ROUND_ROBIN);
    assertTrue(atrium.meanMillis() <= roundRobin.meanMillis() * 1.1, report);
    assertTrue(atrium.p99Millis() <= roundRobin.p99Millis() * 1.1, report);
    assertTrue(Arrays.stream(atrium.shares()).allMatch(share -> share > 0.2), report);
  }

  private static String describe(Map<StrategyName, Result> results) {
    StringBuilder text = new StringBuilder();
    results.forEach((strategy, result) -> text.append(String.format("%n%-19s shares %s p50 %.2f p99 %.2f mean %.2f ms",
        strategy.configName(), Arrays.toString(Arrays.stream(result.shares()).map(share -> Math.round(share * 1000) / 1000.0).toArray()),
        result.p50Millis(), result.p99Millis(), result.meanMillis())));
    return text.toString();
  }
}
