package io.atrium.sharding.balancer;

import static io.atrium.sharding.balancer.Fixtures.MILLI;
import static io.atrium.sharding.balancer.Fixtures.SECOND;
import static io.atrium.sharding.balancer.Fixtures.T0;
import static io.atrium.sharding.balancer.Fixtures.complete;
import static io.atrium.sharding.balancer.Fixtures.counts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.sharding.balancer.Admission.State;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Outlier ejection and ramped re-admission of the atrium strategy, on a fake clock. */
class OutlierEjectionTest {

  private static final int DRAWS = 30_000;

  private BalancerSettings settings = Fixtures.settings("");
  private List<RouteeStats> routees = Fixtures.routees(settings, 3);
  private RoutingStrategy strategy = strategy();

  private RoutingStrategy strategy() {
    return RoutingStrategy.create(settings, new SplittableRandom(9));
  }

  private void use(String overrides, int count) {
    settings = Fixtures.settings(overrides);
    routees = Fixtures.routees(settings, count);
    strategy = strategy();
  }

  /** Ten completions each: routees 0 and 1 at 1 ms, routee 2 at 30 ms (an outlier). */
  private void twoFastOneSlow(long at) {
    complete(routees.get(0), 10, 1, false, at);
    complete(routees.get(1), 10, 1, false, at);
    complete(routees.get(2), 10, 30, false, at);
  }

  private State state(int routee) {
    return routees.get(routee).admission().state();
  }

  @Test
  void aRouteeMuchSlowerThanTheOthersIsEjectedAndGetsNothing() {
    twoFastOneSlow(T0);
    long[] counts = counts(strategy, routees, T0, DRAWS);
    assertEquals(State.EJECTED, state(2));
    assertEquals(0, counts[2]);
  }

  @Test
  void nobodyIsJudgedOnTooFewSamplesOrSmallAbsoluteGaps() {
    complete(routees.get(0), 10, 0.1, false, T0);
    complete(routees.get(1), 10, 0.1, false, T0);
    complete(routees.get(2), 9, 30, false, T0); // one sample short of min-samples
    strategy.select(routees, T0);
    assertEquals(State.ADMITTED, state(2));
    use("", 3);
    complete(routees.get(0), 10, 0.1, false, T0);
    complete(routees.get(1), 10, 0.1, false, T0);
    complete(routees.get(2), 10, 4, false, T0); // 40× the others, but only 3.9 ms more
    strategy.select(routees, T0);
    assertEquals(State.ADMITTED, state(2));
  }

  @Test
  void aFastFailingRouteeIsEjectedDespiteItsLatency() {
    complete(routees.get(0), 10, 2, false, T0);
    complete(routees.get(1), 10, 2, false, T0);
    complete(routees.get(2), 10, 0.1, true, T0); // a black hole: fails at once
    strategy.select(routees, T0);
    assertEquals(State.EJECTED, state(2));
  }

  @Test
  void whenEveryRouteeFailsNoneIsEjected() {
    for (RouteeStats routee : routees) {
      complete(routee, 20, 1, true, T0);
    }
    strategy.select(routees, T0);
    assertFalse(routees.stream().anyMatch(routee -> routee.admission().out()));
  }

  @Test
  void atMostTheConfiguredFractionIsOutWorstFirst() {
    use("atrium.balancer.atrium.ejection.max-ejected-fraction = 0.2", 5);
    for (int i = 0; i < 3; i++) {
      complete(routees.get(i), 10, 1, false, T0);
    }
    complete(routees.get(3), 10, 30, false, T0);
    complete(routees.get(4), 10, 40, false, T0);
    strategy.select(routees, T0);
    assertEquals(State.ADMITTED, state(3));
    assertEquals(State.EJECTED, state(4));
  }

  @Test
  void theLastRouteeIsNeverEjected() {
    use("atrium.balancer.atrium.ejection.max-ejected-fraction = 1.0", 2);
    complete(routees.get(0), 10, 1, true, T0);
    complete(routees.get(1), 10, 1, true, T0);
    routees.get(0).completed(0, true, T0); // both fail; 0 a little more recently, no matter
    strategy.select(routees, T0);
    long out = routees.stream().filter(routee -> routee.admission().out()).count();
    assertTrue(out <= 1, "out: " + out);
  }

  @Test
  void anEjectedRouteeComesBackOnARampThenCompetesAgain() {
    twoFastOneSlow(T0);
    strategy.select(routees, T0);
    assertEquals(State.EJECTED, state(2));

    strategy.select(routees, T0 + 5 * SECOND - MILLI);
    assertEquals(State.EJECTED, state(2), "base duration 5 s");

    long probationStart = T0 + 5 * SECOND;
    long[] start = counts(strategy, routees, probationStart, DRAWS);
    assertEquals(State.PROBATION, state(2));
    assertEquals(0, routees.get(2).samplesSinceAdmission(), "judged afresh");
    assertFalse(routees.get(2).peakLatency().hasSamples());
    // Ramp-start 5 % of a fair third, then halfway (after 5 of 10 s) 52.5 % of it.
    assertTrue(matches(start[2], 0.05 / 3), Arrays.toString(start));
    long[] halfway = counts(strategy, routees, probationStart + 5 * SECOND, DRAWS);
    assertTrue(matches(halfway[2], 0.525 / 3), Arrays.toString(halfway));

    long admittedAt = probationStart + 10 * SECOND;
    complete(routees.get(0), 10, 1, false, admittedAt);
    complete(routees.get(1), 10, 1, false, admittedAt);
    complete(routees.get(2), 10, 1, false, admittedAt);
    long[] after = counts(strategy, routees, admittedAt, DRAWS);
    assertEquals(State.ADMITTED, state(2));
    assertTrue(Fixtures.matches(after, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}), Arrays.toString(after));
  }

  /** Routee 2 ejected at T0 as an outlier; returns when its probation began (base duration 5 s). */
  private long ejectedThenOnProbation() {
    twoFastOneSlow(T0);
    strategy.select(routees, T0);
    long probationStart = T0 + 5 * SECOND;
    strategy.select(routees, probationStart);
    assertEquals(State.PROBATION, state(2));
    return probationStart;
  }

  @Test
  void stillSlowOnProbationMeansALongerEjection() {
    long probationStart = ejectedThenOnProbation();

    long secondEjection = probationStart + SECOND;
    twoFastOneSlow(secondEjection);
    strategy.select(routees, secondEjection);
    assertEquals(State.EJECTED, state(2));
    strategy.select(routees, secondEjection + 10 * SECOND - MILLI);
    assertEquals(State.EJECTED, state(2), "second ejection in a row: 2 × 5 s");
    strategy.select(routees, secondEjection + 10 * SECOND);
    assertEquals(State.PROBATION, state(2));
  }

  @Test
  void onProbationTwoSlowProbesAreEnoughToEjectAgain() {
    long probationStart = ejectedThenOnProbation();

    long firstProbe = probationStart + SECOND;
    complete(routees.get(0), 10, 1, false, firstProbe);
    complete(routees.get(1), 10, 1, false, firstProbe);
    complete(routees.get(2), 1, 30, false, firstProbe);
    strategy.select(routees, firstProbe);
    assertEquals(State.PROBATION, state(2), "one probe is not evidence yet");

    long secondProbe = firstProbe + SECOND;
    complete(routees.get(2), 1, 30, false, secondProbe);
    strategy.select(routees, secondProbe);
    assertEquals(State.EJECTED, state(2), "far fewer than min-samples (10) on probation");
  }

  @Test
  void aCompletedProbationResetsTheEjectionLength() {
    Admission admission = new Admission();
    EjectionSettings ejection = settings.atrium().ejection();
    admission.eject(T0, ejection);
    admission.advance(T0 + 5 * SECOND, ejection);
    admission.advance(T0 + 15 * SECOND, ejection);
    assertEquals(State.ADMITTED, admission.state());
    admission.eject(T0 + 20 * SECOND, ejection);
    admission.advance(T0 + 25 * SECOND, ejection);
    assertEquals(State.PROBATION, admission.state(), "first ejection again: 5 s");
  }

  @Test
  void ejectionCanBeSwitchedOff() {
    use("atrium.balancer.atrium.ejection.enabled = off", 3);
    complete(routees.get(0), 10, 1, false, T0);
    complete(routees.get(1), 10, 1, false, T0);
    complete(routees.get(2), 10, 300, true, T0);
    strategy.select(routees, T0);
    assertEquals(State.ADMITTED, state(2));
  }

  /** One category's count against its probability (chi-square with the rest lumped together). */
  private static boolean matches(long observed, double probability) {
    return Fixtures.matches(new long[] {observed, DRAWS - observed}, new double[] {probability, 1 - probability});
  }
}
