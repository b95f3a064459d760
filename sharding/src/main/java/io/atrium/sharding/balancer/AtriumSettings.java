package io.atrium.sharding.balancer;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code atrium} strategy's parameters ({@code atrium.balancer.atrium}); see the README section
 * "Adaptive routing" for the formula.
 *
 * @param selection how a routee is drawn from the weights
 * @param latencyDecay τ of the peak latency EWMA behind the predicted latency: shorter than
 *     Finagle's, so that one slow answer (a GC pause) does not keep a routee starved for long
 * @param minLatency floor of the predicted latency, so a routee that answers "instantly" (or has
 *     been idle long enough for its EWMA to decay to 0) does not get an unbounded weight
 * @param cpuKnee CPU utilization above which the weight falls linearly, to minFactor at 100 %
 * @param heapKnee heap headroom below which the weight falls linearly, to minFactor at 0
 * @param minFactor floor of every factor in the weight: no routee's weight is ever 0
 * @param ejection outlier ejection and re-admission
 */
public record AtriumSettings(
    Selection selection,
    Duration latencyDecay,
    Duration minLatency,
    double cpuKnee,
    double heapKnee,
    double minFactor,
    EjectionSettings ejection) {

  /** How the strategy turns weights into a choice. */
  public enum Selection {
    /** Two distinct candidates drawn in proportion to weight; the heavier one wins. */
    BETTER_OF_TWO,
    /** One draw in proportion to weight: share_i = w_i / Σ w_j exactly. */
    PROPORTIONAL
  }

  static AtriumSettings fromConfig(Config config) {
    String prefix = BalancerSettings.PREFIX + "atrium.";
    return new AtriumSettings(
        selection(config, prefix + "selection"),
        Settings.positiveDuration(config, prefix + "latency-decay"),
        Settings.positiveDuration(config, prefix + "min-latency"),
        BalancerSettings.fraction(config, prefix + "cpu-knee"),
        BalancerSettings.fraction(config, prefix + "heap-knee"),
        BalancerSettings.positiveFraction(config, prefix + "min-factor"),
        EjectionSettings.fromConfig(config));
  }

  private static Selection selection(Config config, String path) {
    String value = Settings.nonBlank(config, path);
    try {
      return Selection.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(path, "expected better-of-two or proportional, was '" + value + "'", e);
    }
  }
}
