package io.atrium.sharding.balancer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedSamplerTest {

  private static final int DRAWS = 200_000;
  private static final double[] WEIGHTS = {4.0, 1.0, 0.5, 2.5};

  @Test
  void drawsMatchTheWeights() {
    for (long seed : new long[] {1, 2, 3}) {
      SplittableRandom random = new SplittableRandom(seed);
      long[] counts = new long[WEIGHTS.length];
      for (int i = 0; i < DRAWS; i++) {
        counts[WeightedSampler.draw(WEIGHTS, random)]++;
      }
      assertTrue(Fixtures.matches(counts, normalized(WEIGHTS)), "seed " + seed + ": " + Arrays.toString(counts));
    }
  }

  @Test
  void aZeroWeightIsNeverDrawnAndAllZeroIsUniform() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 10_000; i++) {
      assertNotEquals(1, WeightedSampler.draw(new double[] {1, 0, 1}, random));
    }
    long[] counts = new long[3];
    for (int i = 0; i < 30_000; i++) {
      counts[WeightedSampler.draw(new double[] {0, 0, 0}, random)]++;
    }
    assertTrue(Fixtures.matches(counts, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}));
  }

  @Test
  void betterOfTwoMatchesItsExactDistribution() {
    SplittableRandom random = new SplittableRandom(11);
    long[] counts = new long[WEIGHTS.length];
    for (int i = 0; i < DRAWS; i++) {
      counts[WeightedSampler.betterOfTwo(WEIGHTS, random)]++;
    }
    double[] expected = betterOfTwoDistribution(WEIGHTS);
    assertTrue(Fixtures.matches(counts, expected), Arrays.toString(counts));
    // Sharper than proportional: the lightest routee (5 % of the weight) gets no traffic at all,
    // the heaviest (50 %) gets more than its weight.
    assertEquals(0, counts[2]);
    assertTrue(expected[0] > 0.5);
  }

  @Test
  void betterOfTwoWithOneRouteeIsThatRoutee() {
    assertEquals(0, WeightedSampler.betterOfTwo(new double[] {0.3}, new SplittableRandom(1)));
  }

  @Test
  void cheaperOfTwoComparesTwoDistinctUniformCandidates() {
    SplittableRandom random = new SplittableRandom(5);
    double[] costs = {1, 2, 3, 4};
    long[] counts = new long[4];
    for (int i = 0; i < 60_000; i++) {
      counts[WeightedSampler.cheaperOfTwo(4, random, index -> costs[index])]++;
    }
    // The i-th cheapest wins against every dearer one: (3 - i) of the 6 unordered pairs.
    assertTrue(Fixtures.matches(counts, new double[] {3 / 6.0, 2 / 6.0, 1 / 6.0, 0}), Arrays.toString(counts));
    assertEquals(0, WeightedSampler.cheaperOfTwo(1, random, index -> costs[index]));
  }

  /** P(i) = Σ over ordered draws (a, b), a ≠ b, of p(a) · w_b / (W - w_a), where i wins. */
  static double[] betterOfTwoDistribution(double[] weights) {
    double total = Arrays.stream(weights).sum();
    double[] result = new double[weights.length];
    for (int a = 0; a < weights.length; a++) {
      for (int b = 0; b < weights.length; b++) {
        if (a != b) {
          double probability = weights[a] / total * weights[b] / (total - weights[a]);
          result[weights[b] > weights[a] ? b : a] += probability;
        }
      }
    }
    return result;
  }

  static double[] normalized(double[] weights) {
    double total = Arrays.stream(weights).sum();
    return Arrays.stream(weights).map(weight -> weight / total).toArray();
  }
}
