package io.atrium.edge;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.edge.auth.AuthSettings;
import io.atrium.edge.metrics.MetricsSettings;
import io.atrium.edge.health.StorageGuardSettings;
import io.atrium.edge.tls.TlsSettings;
import io.atrium.edge.traffic.TrafficSettings;
import java.time.Duration;

/**
 * The HTTP edge's settings ({@code atrium.http}); the bind address comes from {@code atrium.node}.
 *
 * @param drainDeadline how long in-flight requests may finish after the port is unbound on shutdown
 * @param readinessTimeout the longest a readiness check may take before it counts as failed
 * @param retryAfter the {@code Retry-After} advice sent with every 503
 * @param traffic admission control and the access log
 * @param auth authentication: API keys and JWTs
 * @param metrics {@code GET /metrics} ({@code atrium.metrics})
 * @param tls HTTPS on the edge ({@code atrium.http.tls})
 */
public record EdgeSettings(
    String host, int port, Duration drainDeadline, Duration readinessTimeout, Duration retryAfter,
    TrafficSettings traffic, AuthSettings auth, MetricsSettings metrics, TlsSettings tls,
    StorageGuardSettings storageGuard) {

  public static EdgeSettings fromConfig(Config config) {
    return new EdgeSettings(
        Settings.nonBlank(config, "atrium.node.host"),
        Settings.port(config, "atrium.node.http-port"),
        Settings.positiveDuration(config, "atrium.http.drain-deadline"),
        Settings.positiveDuration(config, "atrium.http.readiness-timeout"),
        Settings.positiveDuration(config, "atrium.http.retry-after"),
        TrafficSettings.fromConfig(config),
        AuthSettings.fromConfig(config),
        MetricsSettings.fromConfig(config),
        TlsSettings.fromConfig(config),
        StorageGuardSettings.fromConfig(config));
  }
}
