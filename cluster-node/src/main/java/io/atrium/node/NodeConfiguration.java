package io.atrium.node;

import com.typesafe.config.Config;
import io.atrium.config.AtriumConfig;
import io.atrium.config.NodeSettings;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import io.atrium.edge.EdgeSettings;
import io.atrium.node.failover.CrashProbeSettings;
import io.atrium.persistence.cassandra.CassandraSettings;
import io.atrium.persistence.kafka.KafkaSettings;
import io.atrium.sharding.balancer.BalancerSettings;
import io.atrium.sharding.compute.ComputeSettings;
import io.atrium.sharding.events.EventSettings;
import io.atrium.sharding.jobs.runtime.Jobs;
import io.atrium.sharding.load.FaultSettings;
import io.atrium.sharding.load.LoadSettings;
import io.atrium.sharding.placement.PlacementSettings;
import io.atrium.sharding.records.RecordSettings;
import io.atrium.sharding.streams.StreamSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Every module's settings, read and validated together before anything starts, so a bad value stops
 * the node at once with one message instead of failing later inside an actor.
 */
public record NodeConfiguration(
    Config config,
    NodeSettings node,
    CassandraSettings cassandra,
    KafkaSettings kafka,
    EdgeSettings edge,
    RecordSettings records,
    StreamSettings streams,
    EventSettings events,
    Jobs.Config jobs,
    CrashProbeSettings crashProbe,
    LoadSettings load,
    PlacementSettings placement,
    FaultSettings faults,
    BalancerSettings balancer,
    ComputeSettings compute,
    String logFormat) {

  public static NodeConfiguration load(Map<String, String> environment) {
    Config config = AtriumConfig.load(environment);
    checkClusterTransport(config);
    checkDowning(config);
    return new NodeConfiguration(
        config,
        NodeSettings.fromConfig(config),
        CassandraSettings.fromConfig(config),
        KafkaSettings.fromConfig(config),
        EdgeSettings.fromConfig(config),
        RecordSettings.fromConfig(config),
        StreamSettings.fromConfig(config),
        EventSettings.fromConfig(config),
        Jobs.Config.fromConfig(config),
        CrashProbeSettings.fromConfig(config),
        LoadSettings.fromConfig(config),
        PlacementSettings.fromConfig(config),
        FaultSettings.fromConfig(config),
        BalancerSettings.fromConfig(config),
        ComputeSettings.fromConfig(config),
        logFormat(config));
  }

  /** The cluster transport, and its keystore when it is TLS, checked before the actor system reads them. */
  private static void checkClusterTransport(Config config) {
    String transport = Settings.nonBlank(config, "atrium.node.cluster-transport");
    if (!transport.equals("tcp") && !transport.equals("tls-tcp")) {
      throw new SettingsException("atrium.node.cluster-transport", "must be \"tcp\" or \"tls-tcp\", was \"" + transport + "\"");
    }
    if (transport.equals("tls-tcp")
        && !Files.isReadable(Path.of(Settings.nonBlank(config, "atrium.node.cluster-tls.keystore")))) {
      throw new SettingsException("atrium.node.cluster-tls.keystore",
          "cannot read " + config.getString("atrium.node.cluster-tls.keystore"));
    }
  }

  /** The split-brain strategy, checked before the actor system reads it. */
  private static void checkDowning(Config config) {
    String downing = Settings.nonBlank(config, "atrium.node.downing");
    if (!downing.equals("keep-majority") && !downing.equals("lease-majority")) {
      throw new SettingsException("atrium.node.downing",
          "must be \"keep-majority\" or \"lease-majority\", was \"" + downing + "\"");
    }
  }

  private static String logFormat(Config config) {
    String format = Settings.nonBlank(config, "atrium.logging.format");
    if (!format.equals("text") && !format.equals("json")) {
      throw new SettingsException("atrium.logging.format",
          "must be \"text\" or \"json\", was \"" + format + "\"");
    }
    return format;
  }
}
