package io.atrium.sharding.balancer;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.time.Duration;

/**
 * The adaptive router's settings ({@code atrium.balancer}); reference.conf documents each default
 * and the README section "Adaptive routing" the formula they feed.
 *
 * @param strategy how each message picks its routee
 * @param askTimeout how long the router waits for a routee's reply; beyond it the message is an error
 * @param windowSeconds span of the recent window behind share, λ_i, p50 and p99
 * @param latencyDecay time constant τ of the latency EWMAs (the atrium strategy's peak EWMA has its own)
 * @param errorSamples the error-rate EWMA follows about this many completions
 * @param reports how load reports age
 * @param atrium the {@code atrium} strategy's parameters
 */
public record BalancerSettings(
    StrategyName strategy,
    Duration askTimeout,
    int windowSeconds,
    Duration latencyDecay,
    int errorSamples,
    ReportSettings reports,
    AtriumSettings atrium) {

  static final String PREFIX = "atrium.balancer.";

  public static BalancerSettings fromConfig(Config config) {
    return new BalancerSettings(
        strategy(config, PREFIX + "strategy"),
        Settings.positiveDuration(config, PREFIX + "ask-timeout"),
        wholeSeconds(config, PREFIX + "window"),
        Settings.positiveDuration(config, PREFIX + "latency-decay"),
        Settings.positiveInt(config, PREFIX + "error-samples"),
        ReportSettings.fromConfig(config),
        AtriumSettings.fromConfig(config));
  }

  /** The same settings with another strategy (tests and benchmarks compare strategies). */
  public BalancerSettings withStrategy(StrategyName other) {
    return new BalancerSettings(other, askTimeout, windowSeconds, latencyDecay, errorSamples, reports, atrium);
  }

  /** τ of the peak latency EWMA the configured strategy works with. */
  public Duration peakLatencyDecay() {
    return strategy == StrategyName.ATRIUM ? atrium.latencyDecay() : latencyDecay;
  }

  /** A fraction, 0 … 1. */
  static double fraction(Config config, String path) {
    double value = Settings.number(config, path);
    if (!(value >= 0 && value <= 1)) {
      throw new SettingsException(path, "must be within 0 … 1, was " + value);
    }
    return value;
  }

  /** A fraction above 0, at most 1. */
  static double positiveFraction(Config config, String path) {
    double value = Settings.number(config, path);
    if (!(value > 0 && value <= 1)) {
      throw new SettingsException(path, "must be above 0 and at most 1, was " + value);
    }
    return value;
  }

  /** A finite number of at least {@code min}. */
  static double atLeast(Config config, String path, double min) {
    double value = Settings.number(config, path);
    if (!(value >= min) || Double.isInfinite(value)) {
      throw new SettingsException(path, "must be at least " + min + ", was " + value);
    }
    return value;
  }

  private static StrategyName strategy(Config config, String path) {
    try {
      return StrategyName.parse(Settings.nonBlank(config, path));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(path, e.getMessage(), e);
    }
  }

  private static int wholeSeconds(Config config, String path) {
    Duration value = Settings.positiveDuration(config, path);
    if (value.toMillis() % 1000 != 0) {
      throw new SettingsException(path, "must be whole seconds, was " + value);
    }
    return Math.toIntExact(value.toSeconds());
  }
}
