package io.atrium.edge.auth;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import java.time.Duration;

/**
 * {@code atrium.http.auth}.
 *
 * @param enabled off: every request is tenant "default" with the admin role (benchmarks, local development)
 * @param keyRefreshInterval how often every node re-reads the API key table
 * @param keyMaxStaleness a key list older than this is not trusted (API keys get 503)
 */
public record AuthSettings(boolean enabled, Duration keyRefreshInterval, Duration keyMaxStaleness, JwtSettings jwt) {

  public static AuthSettings fromConfig(Config config) {
    return new AuthSettings(
        Settings.bool(config, "atrium.http.auth.enabled"),
        Settings.positiveDuration(config, "atrium.http.auth.api-keys.refresh-interval"),
        Settings.positiveDuration(config, "atrium.http.auth.api-keys.max-staleness"),
        JwtSettings.fromConfig(config));
  }
}
