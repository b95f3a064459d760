package io.atrium.sharding.streams;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The streams service's settings ({@code atrium.streams}); reference.conf documents each default.
 *
 * @param namePattern what a stream name must match
 * @param maxEventsPerRequest most events one request (and so one journal event) may carry
 * @param maxRequestBytes largest request body the edge reads
 * @param bodyReadTimeout longest wait for a client to finish sending its body
 * @param askTimeout how long the edge waits for an entity; beyond it the client gets 503
 * @param snapshotEvery a snapshot after this many journal events (batches) keeps recovery short
 * @param retention windows kept per window size, counted back from the newest
 * @param maxFutureSkew how far an event's ts may lie ahead of the receiving node's clock
 * @param maxTagsPerEvent most tags one event may carry
 * @param maxTagLength longest tag key or value, in characters
 * @param passivationIdleTimeout an entity idle this long leaves memory
 * @param slices journal tags the streams are spread over; changing it re-tags only new events
 */
public record StreamSettings(
    Pattern namePattern,
    int maxEventsPerRequest,
    int maxRequestBytes,
    Duration bodyReadTimeout,
    Duration askTimeout,
    int snapshotEvery,
    Map<WindowSize, Integer> retention,
    Duration maxFutureSkew,
    int maxTagsPerEvent,
    int maxTagLength,
    Duration passivationIdleTimeout,
    int slices) {

  private static final String PREFIX = "atrium.streams.";

  public StreamSettings {
    for (WindowSize size : WindowSize.values()) {
      if (retention.getOrDefault(size, 0) <= 0) {
        throw new IllegalArgumentException("retention for " + size.label() + " windows must be positive");
      }
    }
    retention = Map.copyOf(retention);
  }

  public static StreamSettings fromConfig(Config config) {
    Map<WindowSize, Integer> retention = new EnumMap<>(WindowSize.class);
    retention.put(WindowSize.SECOND, Settings.positiveInt(config, PREFIX + "retention.seconds"));
    retention.put(WindowSize.MINUTE, Settings.positiveInt(config, PREFIX + "retention.minutes"));
    retention.put(WindowSize.HOUR, Settings.positiveInt(config, PREFIX + "retention.hours"));
    return new StreamSettings(
        pattern(config, PREFIX + "name-pattern"),
        Settings.positiveInt(config, PREFIX + "max-events-per-request"),
        Settings.positiveInt(config, PREFIX + "max-request-bytes"),
        Settings.positiveDuration(config, PREFIX + "body-read-timeout"),
        Settings.positiveDuration(config, PREFIX + "ask-timeout"),
        Settings.positiveInt(config, PREFIX + "snapshot-every"),
        retention,
        Settings.positiveDuration(config, PREFIX + "max-future-skew"),
        Settings.positiveInt(config, PREFIX + "max-tags-per-event"),
        Settings.positiveInt(config, PREFIX + "max-tag-length"),
        Settings.positiveDuration(config, PREFIX + "passivation-idle-timeout"),
        Settings.positiveInt(config, PREFIX + "slices"));
  }

  /** Windows of {@code size} kept per stream. */
  public int retention(WindowSize size) {
    return retention.get(size);
  }

  /** Whether {@code name} may name a stream. */
  public boolean validName(String name) {
    return namePattern.matcher(name).matches();
  }

  private static Pattern pattern(Config config, String path) {
    try {
      return Pattern.compile(Settings.nonBlank(config, path));
    } catch (PatternSyntaxException e) {
      throw new SettingsException(path, "not a regular expression: " + e.getDescription(), e);
    }
  }
}
