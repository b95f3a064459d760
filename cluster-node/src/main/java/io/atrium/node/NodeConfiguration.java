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
import io.atrium.sharding.jobs.JobSettings;
import io.atrium.sharding.load.LoadSettings;
import io.atrium.sharding.records.RecordSettings;
import io.atrium.sharding.streams.StreamSettings;
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
    CrashProbeSettings crashProbe,
    LoadSettings load,
    JobSettings jobs,
    BalancerSettings balancer,
    ComputeSettings compute,
    String logFormat) {

  public static NodeConfiguration load(Map<String, String> environment) {
    Config config = AtriumConfig.load(environment);
    return new NodeConfiguration(
        config,
        NodeSettings.fromConfig(config),
        CassandraSettings.fromConfig(config),
        KafkaSettings.fromConfig(config),
        EdgeSettings.fromConfig(config),
        RecordSettings.fromConfig(config),
        StreamSettings.fromConfig(config),
        CrashProbeSettings.fromConfig(config),
        LoadSettings.fromConfig(config),
        JobSettings.fromConfig(config),
        BalancerSettings.fromConfig(config),
        ComputeSettings.fromConfig(config),
        logFormat(config));
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
