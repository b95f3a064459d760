package io.atrium.sharding.balancer;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.time.Duration;

/**
 * How far the router trusts a load report as it ages. A report is fully trusted for
 * {@code staleAfterIntervals} report intervals; its confidence then falls linearly to 0 at
 * {@code neutralAfterIntervals}, where it counts as no report at all (neutral). So a report that
 * stopped coming can neither freeze a routee out (bad figures) nor keep it favoured (good ones).
 *
 * @param interval how often nodes publish load reports
 * @param staleAfterIntervals full confidence up to this many intervals of age
 * @param neutralAfterIntervals no confidence from this many intervals of age on
 */
public record ReportSettings(Duration interval, int staleAfterIntervals, int neutralAfterIntervals) {

  public ReportSettings {
    if (neutralAfterIntervals <= staleAfterIntervals) {
      throw new IllegalArgumentException("neutral-after-intervals (" + neutralAfterIntervals
          + ") must exceed stale-after-intervals (" + staleAfterIntervals + ")");
    }
  }

  static ReportSettings fromConfig(Config config) {
    String prefix = BalancerSettings.PREFIX + "reports.";
    try {
      return new ReportSettings(
          Settings.positiveDuration(config, prefix + "interval"),
          Settings.positiveInt(config, prefix + "stale-after-intervals"),
          Settings.positiveInt(config, prefix + "neutral-after-intervals"));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(prefix + "neutral-after-intervals", e.getMessage(), e);
    }
  }

  /** Trust in a report at {@code nowNanos}; 0 for no report. */
  public double confidence(RouteeLoad report, long nowNanos) {
    return report == null ? 0 : confidence(nowNanos - report.sampledAtNanos());
  }

  /** Trust in a report of this age: 1 while fresh, falling linearly to 0 once neutral. */
  public double confidence(long ageNanos) {
    double intervals = (double) Math.max(0, ageNanos) / interval.toNanos();
    if (intervals <= staleAfterIntervals) {
      return 1;
    }
    if (intervals >= neutralAfterIntervals) {
      return 0;
    }
    return (neutralAfterIntervals - intervals) / (neutralAfterIntervals - staleAfterIntervals);
  }
}
