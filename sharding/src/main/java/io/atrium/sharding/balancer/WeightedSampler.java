package io.atrium.sharding.balancer;

import java.util.function.IntToDoubleFunction;
import java.util.random.RandomGenerator;

/** Draws indexes in proportion to non-negative weights. */
final class WeightedSampler {

  private static final int NONE = -1;

  private WeightedSampler() {}

  /** One index, with probability w_i / Σ w_j; uniform when every weight is 0. */
  static int draw(double[] weights, RandomGenerator random) {
    return drawExcept(weights, NONE, random);
  }

  /**
   * Two distinct candidates drawn in proportion to weight (the second among the rest); the heavier
   * one wins, a tie goes to the first. With one weight, its index.
   */
  static int betterOfTwo(double[] weights, RandomGenerator random) {
    int first = draw(weights, random);
    if (weights.length == 1) {
      return first;
    }
    int second = drawExcept(weights, first, random);
    return weights[second] > weights[first] ? second : first;
  }

  /**
   * Power of two choices: two distinct indexes drawn uniformly, the one of lower cost wins (a tie
   * goes to the first). With one index, that one.
   */
  static int cheaperOfTwo(int size, RandomGenerator random, IntToDoubleFunction cost) {
    if (size == 1) {
      return 0;
    }
    int first = random.nextInt(size);
    int second = uniformExcept(size, first, random);
    return cost.applyAsDouble(second) < cost.applyAsDouble(first) ? second : first;
  }

  private static int drawExcept(double[] weights, int excluded, RandomGenerator random) {
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      total += i == excluded ? 0 : weights[i];
    }
    if (!(total > 0)) {
      return uniformExcept(weights.length, excluded, random);
    }
    double target = random.nextDouble() * total;
    int last = NONE;
    for (int i = 0; i < weights.length; i++) {
      if (i == excluded || weights[i] <= 0) {
        continue;
      }
      last = i;
      target -= weights[i];
      if (target < 0) {
        return i;
      }
    }
    return last; // rounding left a sliver of the total unassigned: it belongs to the last candidate
  }

  private static int uniformExcept(int size, int excluded, RandomGenerator random) {
    if (excluded == NONE) {
      return random.nextInt(size);
    }
    int index = random.nextInt(size - 1);
    return index >= excluded ? index + 1 : index;
  }
}
