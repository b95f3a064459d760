package io.atrium.edge.traffic;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code atrium.http.admission}: the per-node concurrency limit on service requests.
 *
 * @param enabled off: every service request is admitted; metering and the access log stay on
 * @param algorithm how the limit adapts
 * @param initialLimit the limit at start (and the whole limit for {@link Algorithm#FIXED})
 * @param minLimit the adaptive limit never goes below this
 * @param maxLimit the adaptive limit never goes above this
 * @param rttTolerance gradient2: recent latency may exceed the long-term latency by this factor
 *     before the limit shrinks
 * @param smoothing gradient2/vegas: weight (0..1] of a new limit estimate against the old limit
 * @param longWindow gradient2: samples in the long-term latency average
 * @param queueSize gradient2: headroom added to the estimate so the limit can probe upwards
 * @param stallThreshold a request slower than this, or answered 5xx by its service, was waiting on
 *     something other than this node's capacity (a shard moving after a crash, an entity that did
 *     not answer): it releases its slot without teaching the limit anything
 * @param handoverGrace for this long after the node sees a membership change that moves shards
 *     (a member Up, leaving, exiting, unreachable, downed or removed), a request over the limit is
 *     admitted instead of shed: it waits on a shard's new home, not on this node's capacity; 0: off
 */
public record AdmissionSettings(
    boolean enabled, Algorithm algorithm, int initialLimit, int minLimit, int maxLimit,
    double rttTolerance, double smoothing, int longWindow, int queueSize, Duration stallThreshold,
    Duration handoverGrace) {

  public enum Algorithm { GRADIENT2, VEGAS, FIXED }

  public AdmissionSettings {
    if (minLimit > initialLimit || initialLimit > maxLimit) {
      throw new SettingsException("atrium.http.admission",
          "needs min-limit <= initial-limit <= max-limit, was " + minLimit + ", " + initialLimit + ", " + maxLimit);
    }
  }

  public static AdmissionSettings fromConfig(Config config) {
    String prefix = "atrium.http.admission.";
    return new AdmissionSettings(
        Settings.bool(config, prefix + "enabled"),
        algorithm(config, prefix + "algorithm"),
        Settings.positiveInt(config, prefix + "initial-limit"),
        Settings.positiveInt(config, prefix + "min-limit"),
        Settings.positiveInt(config, prefix + "max-limit"),
        atLeast(config, prefix + "rtt-tolerance", 1.0),
        fraction(config, prefix + "smoothing"),
        Settings.positiveInt(config, prefix + "long-window"),
        Settings.positiveInt(config, prefix + "queue-size"),
        Settings.positiveDuration(config, prefix + "stall-threshold"),
        Settings.nonNegativeDuration(config, prefix + "handover-grace"));
  }

  /** A fixed limit, for tests and for operators who want a hard cap. */
  public static AdmissionSettings fixed(int limit) {
    return new AdmissionSettings(true, Algorithm.FIXED, limit, limit, limit, 1.5, 0.2, 600, 4, Duration.ofSeconds(1),
        Duration.ZERO);
  }

  private static Algorithm algorithm(Config config, String path) {
    String name = Settings.nonBlank(config, path);
    try {
      return Algorithm.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(path, "must be gradient2, vegas or fixed, was \"" + name + "\"");
    }
  }

  private static double atLeast(Config config, String path, double minimum) {
    double value = Settings.number(config, path);
    if (value < minimum) {
      throw new SettingsException(path, "must be at least " + minimum + ", was " + value);
    }
    return value;
  }

  private static double fraction(Config config, String path) {
    double value = Settings.number(config, path);
    if (value <= 0 || value > 1) {
      throw new SettingsException(path, "must be in (0, 1], was " + value);
    }
    return value;
  }

}
