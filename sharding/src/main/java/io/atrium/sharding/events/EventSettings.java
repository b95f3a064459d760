package io.atrium.sharding.events;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Publication of record and stream changes to Kafka ({@code atrium.events}); reference.conf
 * documents each default.
 *
 * @param enabled off: no slice runs and nothing is published
 * @param recordsTopic / streamsTopic where record and stream changes go
 * @param partitions / replicationFactor of a topic Atrium creates (an existing one is left alone)
 * @param maxMessageBytes largest message; also the topics' max.message.bytes and the producer's max.request.size
 * @param createTimeout longest wait for the brokers while creating topics
 * @param parallelism sends in flight per slice
 * @param offsetBatch / offsetInterval how often a slice stores how far it has published
 * @param rememberedKeys keys per slice whose published sequence number stays in memory
 * @param restartMin / restartMax backoff of a failed slice stream
 * @param closeTimeout longest wait for a slice's producer to flush when the slice stops
 * @param producer Kafka producer properties
 */
public record EventSettings(
    boolean enabled,
    String recordsTopic,
    String streamsTopic,
    int partitions,
    short replicationFactor,
    int maxMessageBytes,
    Duration createTimeout,
    int parallelism,
    int offsetBatch,
    Duration offsetInterval,
    int rememberedKeys,
    Duration restartMin,
    Duration restartMax,
    Duration closeTimeout,
    Map<String, String> producer) {

  private static final String PREFIX = "atrium.events.";
  /** Kafka refuses more in flight with idempotence; more would also allow reordering on retries. */
  private static final int MAX_IN_FLIGHT_IN_ORDER = 5;

  public EventSettings {
    producer = Map.copyOf(producer);
    if (!"true".equals(producer.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG))) {
      throw new SettingsException(PREFIX + "producer." + ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          "must be true: per-key order through retries depends on it");
    }
    if (!"all".equals(producer.get(ProducerConfig.ACKS_CONFIG))) {
      throw new SettingsException(PREFIX + "producer." + ProducerConfig.ACKS_CONFIG,
          "must be \"all\" (required by the idempotent producer)");
    }
    String inFlight = producer.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
    if (inFlight == null || !inFlight.matches("[1-9][0-9]*") || Integer.parseInt(inFlight) > MAX_IN_FLIGHT_IN_ORDER) {
      throw new SettingsException(PREFIX + "producer." + ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
          "must be 1 to " + MAX_IN_FLIGHT_IN_ORDER + ", was " + inFlight);
    }
    if (rememberedKeys <= KeyContinuity.LEDGER_READS_IN_FLIGHT) {
      throw new SettingsException(PREFIX + "remembered-keys",
          "must exceed " + KeyContinuity.LEDGER_READS_IN_FLIGHT + ", was " + rememberedKeys);
    }
    if (recordsTopic.equals(streamsTopic)) {
      throw new SettingsException(PREFIX + "streams-topic", "must differ from records-topic (" + recordsTopic + ")");
    }
  }

  public static EventSettings fromConfig(Config config) {
    return new EventSettings(
        Settings.bool(config, PREFIX + "enabled"),
        Settings.nonBlank(config, PREFIX + "records-topic"),
        Settings.nonBlank(config, PREFIX + "streams-topic"),
        Settings.positiveInt(config, PREFIX + "topics.partitions"),
        replicationFactor(config, PREFIX + "topics.replication-factor"),
        Settings.positiveInt(config, PREFIX + "topics.max-message-bytes"),
        Settings.positiveDuration(config, PREFIX + "topics.create-timeout"),
        Settings.positiveInt(config, PREFIX + "parallelism"),
        Settings.positiveInt(config, PREFIX + "offset-batch"),
        Settings.positiveDuration(config, PREFIX + "offset-interval"),
        Settings.positiveInt(config, PREFIX + "remembered-keys"),
        Settings.positiveDuration(config, PREFIX + "restart-min"),
        Settings.positiveDuration(config, PREFIX + "restart-max"),
        Settings.positiveDuration(config, PREFIX + "close-timeout"),
        properties(config, PREFIX + "producer"));
  }

  private static short replicationFactor(Config config, String path) {
    int value = Settings.positiveInt(config, path);
    if (value > Short.MAX_VALUE) {
      throw new SettingsException(path, "must be at most " + Short.MAX_VALUE + ", was " + value);
    }
    return (short) value;
  }

  /** A block of Kafka client properties as flat {@code name -> value} strings. */
  private static Map<String, String> properties(Config config, String path) {
    Map<String, String> properties = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> entry : config.getConfig(path).entrySet()) {
      properties.put(entry.getKey(), String.valueOf(entry.getValue().unwrapped()));
    }
    return properties;
  }
}
