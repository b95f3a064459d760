package io.atrium.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.Map;

/**
 * Loads the node's configuration. Highest precedence first: JVM system properties
 * ({@code -Datrium.node.http-port=8081}), environment overrides, the active profile ({@code profile-<name>.conf}), {@code application.conf}, every module's
 * {@code atrium-defaults.conf}, every {@code reference.conf}.
 *
 * <p>Why {@code atrium-defaults.conf}: Atrium's choices for library settings (journal plugin,
 * serialization, cluster) override keys that the libraries' own reference.conf files also set. When
 * a shaded jar concatenates reference.conf files, whichever comes last wins, and that depends on
 * dependency order. A separate layer makes precedence explicit and the same in tests and in the jar. Library settings that need a different shape than Atrium's own (lists
 * built from comma-separated values) are derived here, once, so the rest of the code reads one
 * resolved {@link Config}.
 */
public final class AtriumConfig {

  public static final String ACTOR_SYSTEM_NAME = "atrium";
  private static final String LIBRARY_DEFAULTS = "atrium-defaults.conf";
  private static final List<String> PROFILES = List.of("local", "test", "kubernetes");

  private AtriumConfig() {}

  /** Loads from the process environment; see {@link #load(Map)}. */
  public static Config load() {
    return load(System.getenv());
  }

  /**
   * Loads and resolves the configuration.
   *
   * @throws SettingsException naming the first setting that cannot be used
   */
  public static Config load(Map<String, String> environment) {
    // -Dkey=value on the command line is the most specific choice, then the environment table.
    Config overrides = ConfigFactory.defaultOverrides()
        .withFallback(ConfigFactory.parseMap(EnvironmentOverrides.from(environment), "environment"));
    Config base = ConfigFactory.defaultApplication()
        .withFallback(ConfigFactory.parseResources(LIBRARY_DEFAULTS))
        .withFallback(ConfigFactory.defaultReference());
    String profile = overrides.withFallback(base).getString("atrium.profile");
    Config layered = overrides.withFallback(profileConfig(profile)).withFallback(base);
    Config resolved;
    try {
      resolved = layered.resolve();
    } catch (ConfigException e) {
      throw new SettingsException(e.origin() == null ? "configuration" : e.origin().description(),
          e.getMessage(), e);
    }
    return derived(resolved).withFallback(resolved);
  }

  private static Config profileConfig(String profile) {
    if (profile.isEmpty()) {
      return ConfigFactory.empty();
    }
    if (!PROFILES.contains(profile)) {
      throw new SettingsException("atrium.profile",
          "unknown profile '" + profile + "', expected one of " + PROFILES + " or empty");
    }
    return ConfigFactory.parseResources("profile-" + profile + ".conf",
        ConfigParseOptions.defaults().setAllowMissing(false));
  }

  /**
   * Library settings whose shape differs from Atrium's own: operators write comma-separated lists
   * (one environment variable each), the libraries want HOCON lists. Validates on the way.
   */
  private static Config derived(Config resolved) {
    NodeSettings node = NodeSettings.fromConfig(resolved);
    List<String> seeds = node.seedNodes().stream()
        .map(seed -> "pekko://" + ACTOR_SYSTEM_NAME + "@" + seed)
        .toList();
    List<String> contactPoints =
        Settings.hostPorts(resolved, "atrium.cassandra.contact-points", false).stream()
            .map(HostPort::toString)
            .toList();
    return ConfigFactory.empty()
        .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
        .withValue("datastax-java-driver.basic.contact-points",
            ConfigValueFactory.fromIterable(contactPoints));
  }
}
