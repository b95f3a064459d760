package io.atrium.sharding.balancer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The routing strategies {@code atrium.balancer.strategy} can name. */
public enum StrategyName {
  ROUND_ROBIN,
  RANDOM,
  LEAST_INFLIGHT_P2C,
  RESOURCE_WEIGHTED,
  PEAK_EWMA,
  ATRIUM;

  /** The name as written in configuration, e.g. {@code least-inflight-p2c}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a configured name; the message lists the accepted ones. */
  public static StrategyName parse(String configName) {
    for (StrategyName strategy : values()) {
      if (strategy.configName().equals(configName)) {
        return strategy;
      }
    }
    throw new IllegalArgumentException("unknown strategy '" + configName + "', expected one of "
        + Arrays.stream(values()).map(StrategyName::configName).collect(Collectors.joining(", ")));
  }
}
