package io.atrium.persistence.kafka;

import com.typesafe.config.Config;
import io.atrium.config.HostPort;
import io.atrium.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Where Kafka is and how long a readiness probe may wait for it. */
public record KafkaSettings(List<HostPort> bootstrapServers, Duration probeTimeout) {

  public static KafkaSettings fromConfig(Config config) {
    return new KafkaSettings(
        Settings.hostPorts(config, "atrium.kafka.bootstrap-servers", false),
        Settings.positiveDuration(config, "atrium.kafka.probe-timeout"));
  }

  /** The form Kafka clients expect for {@code bootstrap.servers}. */
  public String bootstrapServersProperty() {
    return bootstrapServers.stream().map(HostPort::toString).collect(Collectors.joining(","));
  }
}
