package io.atrium.sharding.balancer;

import static io.atrium.sharding.balancer.Fixtures.SECOND;
import static io.atrium.sharding.balancer.Fixtures.T0;
import static io.atrium.sharding.balancer.Fixtures.complete;
import static io.atrium.sharding.balancer.Fixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AtriumWeightsTest {

  private final BalancerSettings settings = Fixtures.settings("");
  private final AtriumWeights weights = new AtriumWeights(settings.atrium(), settings.reports());

  @Test
  void weightIsInverseToPredictedLatencyTimesInFlight() {
    List<RouteeStats> routees = Fixtures.routees(settings, 2);
    complete(routees.get(0), 5, 2, false, T0);
    complete(routees.get(1), 5, 8, false, T0);
    double[] w = weights.compute(routees, T0);
    assertEquals(1 / 2.0, w[0], 1e-9);
    assertEquals(1 / 8.0, w[1], 1e-9);
    routees.get(0).dispatched(T0);
    routees.get(0).dispatched(T0);
    routees.get(0).dispatched(T0);
    assertEquals(1 / (2.0 * 4), weights.compute(routees, T0)[0], 1e-9, "three in flight: (k + 1) = 4");
  }

  @Test
  void reportedQueueAddsToThePredictedLatency() {
    List<RouteeStats> routees = Fixtures.routees(settings, 1);
    RouteeStats routee = routees.get(0);
    complete(routee, 5, 2, false, T0);
    // Mailbox wait 3 ms lags the queue: 4 per worker × 1.5 ms service = 6 ms ahead of a new message.
    routee.reported(new RouteeLoad(0.1, 0.9, 3, 1.5, 4, 0, T0));
    assertEquals(1 / (2.0 + 6.0), weights.compute(routees, T0)[0], 1e-9);
    routee.reported(new RouteeLoad(0.1, 0.9, 9, 1.5, 4, 0, T0));
    assertEquals(1 / (2.0 + 9.0), weights.compute(routees, T0)[0], 1e-9);
  }

  @Test
  void theReportedServiceTimeIsTheFloorOfTheDecayedLatency() {
    List<RouteeStats> routees = Fixtures.routees(settings, 1);
    RouteeStats routee = routees.get(0);
    complete(routee, 5, 20, false, T0);
    long later = T0 + 10 * SECOND; // the peak EWMA (τ 2 s) has decayed to 20 · e^-5 ≈ 0.13 ms
    assertEquals(1 / (20 * Math.exp(-5)), weights.compute(routees, later)[0], 1e-6);
    routee.reported(new RouteeLoad(0, 1, 0, 20, 0, 0, later));
    assertEquals(1 / 20.0, weights.compute(routees, later)[0], 1e-9, "the node still takes 20 ms a message");
    routee.reported(new RouteeLoad(0, 1, 0, 0.05, 0, 0, later));
    assertEquals(1 / (20 * Math.exp(-5)), weights.compute(routees, later)[0], 1e-6, "below R_i: no effect");
  }

  @Test
  void cpuAndHeapMatterOnlyPastTheirKnees() {
    RouteeStats routee = Fixtures.routees(settings, 1).get(0);
    complete(routee, 5, 1, false, T0);
    double base = weight(routee, load(0.8, 0.15, T0));
    assertEquals(1.0, base, 1e-9, "at both knees: full weight");
    assertEquals(0.5, weight(routee, load(0.9, 0.5, T0)), 1e-9, "CPU halfway from the knee to 100 %");
    assertEquals(0.5 * 0.5, weight(routee, load(0.9, 0.075, T0)), 1e-9, "and heap halfway to none");
    assertEquals(0.05 * 0.05, weight(routee, load(1.0, 0.0, T0)), 1e-9, "never below the floor");
  }

  @Test
  void errorsReduceTheWeight() {
    List<RouteeStats> routees = Fixtures.routees(settings, 1);
    RouteeStats routee = routees.get(0);
    complete(routee, 5, 1, false, T0);
    routee.reported(new RouteeLoad(0, 1, 0, 0, 0, 0.4, T0));
    assertEquals(0.6, weights.compute(routees, T0)[0], 1e-9);
  }

  @Test
  void aStaleReportFadesToNeutralInBothDirections() {
    List<RouteeStats> routees = Fixtures.routees(settings, 2);
    RouteeStats hot = routees.get(0);
    RouteeStats idle = routees.get(1);
    complete(hot, 5, 1, false, T0);
    complete(idle, 5, 1, false, T0);
    hot.reported(new RouteeLoad(1.0, 0.05, 50, 5, 10, 0.5, T0));
    idle.reported(new RouteeLoad(0.0, 1.0, 0, 0, 0, 0, T0));
    long fresh = T0 + 3 * SECOND;
    long halfStale = T0 + 6_500_000_000L;
    long neutral = T0 + 10 * SECOND;
    // The peak EWMA decays with time too; compare against a routee with the same samples and no report.
    RouteeStats unreported = Fixtures.routees(settings, 1).get(0);
    complete(unreported, 5, 1, false, T0);
    double neutralHot = weights.compute(List.of(unreported), neutral)[0];
    double[] atFresh = weights.compute(routees, fresh);
    double[] atHalf = weights.compute(routees, halfStale);
    double[] atNeutral = weights.compute(routees, neutral);
    assertTrue(atFresh[0] < 0.01 * atFresh[1], "a fresh bad report keeps the routee's weight low");
    assertTrue(atHalf[0] > atFresh[0] * 2, "half-stale: partly restored");
    assertEquals(neutralHot, atNeutral[0], 1e-12, "an old bad report no longer counts (not frozen out)");
    assertEquals(neutralHot, atNeutral[1], 1e-12, "an old good report no longer counts (not frozen in)");
  }

  @Test
  void anUnmeasuredRouteeIsAssumedToHaveTheMedianLatency() {
    List<RouteeStats> routees = Fixtures.routees(settings, 4);
    complete(routees.get(0), 5, 1, false, T0);
    complete(routees.get(1), 5, 4, false, T0);
    complete(routees.get(2), 5, 30, false, T0);
    double[] w = weights.compute(routees, T0);
    assertEquals(1 / 4.0, w[3], 1e-9);
    assertEquals(1 / 0.1, weights.compute(Fixtures.routees(settings, 1), T0)[0], 1e-9,
        "nothing measured at all: the latency floor (100 µs)");
  }

  private double weight(RouteeStats routee, RouteeLoad load) {
    routee.reported(load);
    return weights.compute(List.of(routee), T0)[0];
  }
}
