package io.atrium.sharding.load;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.time.Duration;

/**
 * {@code atrium.load}: how often this node reports its load and when a member's report stops counting.
 *
 * @param reportInterval how often this node samples and publishes its report
 * @param staleAfter a report older than this (by its age at the receiver) is flagged stale and left
 *     out of cluster sums and rate-limit shares
 */
public record LoadSettings(Duration reportInterval, Duration staleAfter) {

  public LoadSettings {
    if (staleAfter.compareTo(reportInterval) <= 0) {
      throw new SettingsException("atrium.load.stale-after",
          "must be longer than report-interval (" + reportInterval + "), was " + staleAfter);
    }
  }

  public static LoadSettings fromConfig(Config config) {
    return new LoadSettings(
        Settings.positiveDuration(config, "atrium.load.report-interval"),
        Settings.positiveDuration(config, "atrium.load.stale-after"));
  }
}
