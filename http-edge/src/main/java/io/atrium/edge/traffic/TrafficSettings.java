package io.atrium.edge.traffic;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.edge.ratelimit.RateLimitSettings;

/**
 * The edge's traffic settings.
 *
 * @param admission {@code atrium.http.admission}
 * @param accessLog {@code atrium.http.access-log}: one line per request on the {@code atrium.access} logger
 * @param rateLimit {@code atrium.rate-limit}: per-tenant limits that hold cluster-wide
 */
public record TrafficSettings(AdmissionSettings admission, boolean accessLog, RateLimitSettings rateLimit) {

  public static TrafficSettings fromConfig(Config config) {
    return new TrafficSettings(AdmissionSettings.fromConfig(config), Settings.bool(config, "atrium.http.access-log"),
        RateLimitSettings.fromConfig(config));
  }
}
