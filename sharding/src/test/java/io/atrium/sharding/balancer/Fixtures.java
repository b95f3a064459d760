package io.atrium.sharding.balancer;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Settings and routee stats for the balancer's unit tests. */
final class Fixtures {

  static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);
  /** Far from 0, so that "before the first sample" cannot be mistaken for a time. */
  static final long T0 = 1_000 * SECOND;

  private Fixtures() {}

  /** The reference defaults with {@code overrides} (HOCON) on top. */
  static BalancerSettings settings(String overrides) {
    return BalancerSettings.fromConfig(
        ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  static List<RouteeStats> routees(BalancerSettings settings, int count) {
    List<RouteeStats> routees = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      routees.add(new RouteeStats("r" + i, settings, T0));
    }
    return routees;
  }

  /** {@code count} completions of {@code latencyMillis} each, one millisecond apart, ending at {@code end}. */
  static void complete(RouteeStats routee, int count, double latencyMillis, boolean error, long end) {
    for (int i = count - 1; i >= 0; i--) {
      long now = end - i * MILLI;
      routee.dispatched(now);
      routee.completed((long) (latencyMillis * MILLI), error, now);
    }
  }

  static RouteeLoad load(double cpu, double heapHeadroom, long sampledAt) {
    return new RouteeLoad(cpu, heapHeadroom, 0, 0, 0, 0, sampledAt);
  }

  /** Counts how often each index is chosen in {@code draws} selections. */
  static long[] counts(RoutingStrategy strategy, List<RouteeStats> routees, long now, int draws) {
    long[] counts = new long[routees.size()];
    for (int i = 0; i < draws; i++) {
      counts[strategy.select(routees, now)]++;
    }
    return counts;
  }

  /**
   * Pearson's chi-square of observed counts against expected probabilities, checked against the
   * 0.999 quantile (df = categories - 1): with a fixed seed the result is deterministic, and a
   * correct sampler passes at that level with room to spare.
   */
  static boolean matches(long[] observed, double[] probabilities) {
    long total = 0;
    for (long count : observed) {
      total += count;
    }
    double chiSquare = 0;
    int categories = 0;
    for (int i = 0; i < observed.length; i++) {
      double expected = probabilities[i] * total;
      if (expected == 0) {
        if (observed[i] > 0) {
          return false;
        }
        continue;
      }
      categories++;
      chiSquare += (observed[i] - expected) * (observed[i] - expected) / expected;
    }
    return chiSquare < CHI_SQUARE_999[categories - 1];
  }

  /** 0.999 quantiles of chi-square, indexed by degrees of freedom (1 … 5). */
  private static final double[] CHI_SQUARE_999 = {Double.NaN, 10.83, 13.82, 16.27, 18.47, 20.52};
}
