package io.atrium.config;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where this node listens and whom it joins. Read from {@code atrium.node}.
 *
 * @param seedNodes cluster addresses to join; empty means "form a cluster with myself"
 * @param shutdownDeadline the longest a SIGTERM'd node spends draining before it exits
 */
public record NodeSettings(
    String host,
    int httpPort,
    int clusterPort,
    int managementPort,
    List<HostPort> seedNodes,
    Path dataDir,
    Duration shutdownDeadline) {

  public static NodeSettings fromConfig(Config config) {
    NodeSettings settings = new NodeSettings(
        Settings.nonBlank(config, "atrium.node.host"),
        Settings.port(config, "atrium.node.http-port"),
        Settings.port(config, "atrium.node.cluster-port"),
        Settings.port(config, "atrium.node.management-port"),
        Settings.hostPorts(config, "atrium.node.seed-nodes", true),
        dataDir(config),
        Settings.positiveDuration(config, "atrium.node.shutdown-deadline"));
    settings.checkDistinctPorts();
    return settings;
  }

  /** True when no seed nodes are configured and the node bootstraps a cluster of its own. */
  public boolean joinsSelf() {
    return seedNodes.isEmpty();
  }

  private void checkDistinctPorts() {
    if (httpPort == clusterPort || httpPort == managementPort) {
      throw new SettingsException("atrium.node.http-port",
          "must differ from the cluster and management ports (" + clusterPort + ", " + managementPort + ")");
    }
    if (clusterPort == managementPort) {
      throw new SettingsException("atrium.node.cluster-port", "must differ from the management port");
    }
  }

  private static Path dataDir(Config config) {
    Path dir = Path.of(Settings.nonBlank(config, "atrium.node.data-dir")).toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException | SecurityException e) {
      throw new SettingsException("atrium.node.data-dir", "cannot create directory " + dir + ": " + e, e);
    }
    if (!Files.isWritable(dir)) {
      throw new SettingsException("atrium.node.data-dir", dir + " is not writable");
    }
    return dir;
  }
}
