package io.atrium.sharding.load;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.util.OptionalDouble;

/**
 * {@code atrium.faults}: fault injection for tests and benchmarks only.
 *
 * @param enabled off (the default): no fault can be set, at start or through {@code /ops/faults}
 * @param reportCpu the process CPU this node reports from the start instead of the measured one;
 *     empty: the measured one
 */
public record FaultSettings(boolean enabled, OptionalDouble reportCpu) {

  private static final String REPORT_CPU = "atrium.faults.report-cpu";

  public static FaultSettings fromConfig(Config config) {
    boolean enabled = Settings.bool(config, "atrium.faults.enabled");
    String raw = Settings.string(config, REPORT_CPU).trim();
    if (raw.isEmpty()) {
      return new FaultSettings(enabled, OptionalDouble.empty());
    }
    if (!enabled) {
      throw new SettingsException(REPORT_CPU, "needs atrium.faults.enabled = true");
    }
    return new FaultSettings(true, OptionalDouble.of(Settings.fraction(config, REPORT_CPU)));
  }
}
