package io.atrium.edge;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import io.atrium.edge.auth.AuthSettings;
import io.atrium.edge.health.StorageGuardSettings;
import io.atrium.edge.metrics.MetricsSettings;
import io.atrium.edge.tls.TlsSettings;
import io.atrium.edge.traffic.TrafficSettings;
import java.time.Duration;

/**
 * The HTTP edge's settings ({@code atrium.http}); the bind address comes from {@code atrium.node}.
 *
 * @param notReadyGrace after SIGTERM, how long the node answers not-ready while it still serves every
 *     request, before it unbinds: load balancers polling readiness stop sending to it first
 * @param drainDeadline how long in-flight requests may finish after the port is unbound on shutdown
 * @param shardStatsTimeout how long {@code GET /ops/cluster} waits for the members' shard counts
 * @param readinessTimeout the longest a readiness check may take before it counts as failed
 * @param readinessReuse how long a dependency's readiness answer (Cassandra, Kafka) is reused
 * @param retryAfter the {@code Retry-After} advice sent with every 503
 * @param traffic admission control and the access log
 * @param auth authentication: API keys and JWTs
 * @param metrics {@code GET /metrics} ({@code atrium.metrics})
 * @param tls HTTPS on the edge ({@code atrium.http.tls})
 */
public record EdgeSettings(
    String host, int port, Duration notReadyGrace, Duration drainDeadline, Duration shardStatsTimeout,
    Duration readinessTimeout, Duration readinessReuse, Duration retryAfter,
    TrafficSettings traffic, AuthSettings auth, MetricsSettings metrics, TlsSettings tls,
    StorageGuardSettings storageGuard) {

  /** The coordinated-shutdown phase the grace runs in; it must not time the grace out. */
  static final String GRACE_PHASE_TIMEOUT = "pekko.coordinated-shutdown.phases.before-service-unbind.timeout";

  public static EdgeSettings fromConfig(Config config) {
    return new EdgeSettings(
        Settings.nonBlank(config, "atrium.node.host"),
        Settings.port(config, "atrium.node.http-port"),
        notReadyGrace(config),
        Settings.positiveDuration(config, "atrium.http.drain-deadline"),
        Settings.positiveDuration(config, "atrium.http.shard-stats-timeout"),
        Settings.positiveDuration(config, "atrium.http.readiness-timeout"),
        Settings.nonNegativeDuration(config, "atrium.http.readiness-reuse"),
        Settings.positiveDuration(config, "atrium.http.retry-after"),
        TrafficSettings.fromConfig(config),
        AuthSettings.fromConfig(config),
        MetricsSettings.fromConfig(config),
        TlsSettings.fromConfig(config),
        StorageGuardSettings.fromConfig(config));
  }

  private static Duration notReadyGrace(Config config) {
    Duration grace = Settings.nonNegativeDuration(config, "atrium.http.not-ready-grace");
    String phaseTimeout = config.hasPath(GRACE_PHASE_TIMEOUT)
        ? GRACE_PHASE_TIMEOUT : "pekko.coordinated-shutdown.default-phase-timeout";
    if (config.hasPath(phaseTimeout) && grace.compareTo(config.getDuration(phaseTimeout)) >= 0) {
      throw new SettingsException("atrium.http.not-ready-grace", "must be shorter than " + phaseTimeout + " ("
          + config.getDuration(phaseTimeout) + "), was " + grace);
    }
    return grace;
  }
}
