package io.atrium.edge.metrics;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import java.time.Duration;

/**
 * {@code GET /metrics} ({@code atrium.metrics}).
 *
 * @param enabled whether the endpoint and its registry exist at all
 * @param shardingPollInterval how often the local shard regions are asked for their shard and entity counts
 */
public record MetricsSettings(boolean enabled, Duration shardingPollInterval) {

  public static MetricsSettings fromConfig(Config config) {
    return new MetricsSettings(
        Settings.bool(config, "atrium.metrics.enabled"),
        Settings.positiveDuration(config, "atrium.metrics.sharding-poll-interval"));
  }
}
