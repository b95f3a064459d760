package io.atrium.edge.ratelimit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code atrium.rate-limit}: per-tenant token buckets whose rate holds for the whole cluster.
 *
 * @param enabled off: no tenant is limited and no RateLimit-* headers are sent
 * @param defaults the limit of every tenant without an override
 * @param tenants overrides by tenant id
 * @param minShare the least fraction of a tenant's cluster rate any node may admit, so a node whose
 *     reports show no traffic yet is not starved when the tenant's requests move to it
 * @param shareWindow which λ window of the load reports the shares follow
 */
public record RateLimitSettings(boolean enabled, TenantLimit defaults, Map<String, TenantLimit> tenants,
                                double minShare, ShareWindow shareWindow) {

  private static final String PREFIX = "atrium.rate-limit.";

  /**
   * One tenant's cluster-wide limit.
   *
   * @param rate sustained requests per second
   * @param burst requests that may arrive at once after a quiet spell (the bucket's size)
   */
  public record TenantLimit(double rate, double burst) {

    static TenantLimit fromConfig(Config config, String path) {
      double rate = Settings.number(config, path + ".rate");
      double burst = Settings.number(config, path + ".burst");
      if (rate <= 0) {
        throw new SettingsException(path + ".rate", "must be positive, was " + rate);
      }
      if (burst < 1) {
        throw new SettingsException(path + ".burst", "must be at least 1, was " + burst);
      }
      return new TenantLimit(rate, burst);
    }
  }

  /** The λ window of the load reports that the shares follow: short reacts faster, long is steadier. */
  public enum ShareWindow { ONE_SECOND, TEN_SECONDS, SIXTY_SECONDS }

  public RateLimitSettings {
    tenants = Map.copyOf(tenants);
  }

  public TenantLimit limitOf(String tenant) {
    return tenants.getOrDefault(tenant, defaults);
  }

  /** No limits at all. */
  public static RateLimitSettings off() {
    return new RateLimitSettings(false, new TenantLimit(1, 1), Map.of(), 1, ShareWindow.TEN_SECONDS);
  }

  public static RateLimitSettings fromConfig(Config config) {
    double minShare = Settings.number(config, PREFIX + "min-share");
    if (minShare <= 0 || minShare > 1) {
      throw new SettingsException(PREFIX + "min-share", "must be in (0, 1], was " + minShare);
    }
    return new RateLimitSettings(
        Settings.bool(config, PREFIX + "enabled"),
        TenantLimit.fromConfig(config, PREFIX + "default"),
        tenants(config),
        minShare,
        shareWindow(config, PREFIX + "share-window"));
  }

  private static Map<String, TenantLimit> tenants(Config config) {
    String path = PREFIX + "tenants";
    Map<String, TenantLimit> tenants = new TreeMap<>();
    try {
      // Keys are quoted tenant ids; keySet of the object (not of the config) keeps them whole.
      for (String tenant : config.getObject(path).keySet()) {
        tenants.put(tenant, TenantLimit.fromConfig(config, path + ".\"" + tenant + "\""));
      }
    } catch (ConfigException.Missing | ConfigException.WrongType e) {
      throw new SettingsException(path, e.getMessage(), e);
    }
    return tenants;
  }

  private static ShareWindow shareWindow(Config config, String path) {
    String window = Settings.nonBlank(config, path);
    return switch (window) {
      case "1s" -> ShareWindow.ONE_SECOND;
      case "10s" -> ShareWindow.TEN_SECONDS;
      case "60s" -> ShareWindow.SIXTY_SECONDS;
      default -> throw new SettingsException(path, "must be 1s, 10s or 60s, was \"" + window + "\"");
    };
  }
}
