package io.atrium.sharding.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.atrium.config.SettingsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventSettingsTest {

  private static EventSettings with(String overrides) {
    Config config = ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
    return EventSettings.fromConfig(config);
  }

  @Test
  void referenceDefaults() {
    EventSettings settings = with("");
    assertTrue(settings.enabled());
    assertEquals("atrium.records.v1", settings.recordsTopic());
    assertEquals("atrium.streams.v1", settings.streamsTopic());
    assertEquals(12, settings.partitions());
    assertEquals(1, settings.replicationFactor());
    assertEquals(2 * 1024 * 1024, settings.maxMessageBytes());
    assertEquals(Duration.ofSeconds(10), settings.createTimeout());
    assertEquals(500, settings.parallelism());
    assertEquals(500, settings.offsetBatch());
    assertEquals(Duration.ofSeconds(1), settings.offsetInterval());
    assertEquals(20_000, settings.rememberedKeys());
    assertEquals(Duration.ofSeconds(1), settings.restartMin());
    assertEquals(Duration.ofSeconds(30), settings.restartMax());
    assertEquals(Duration.ofSeconds(5), settings.closeTimeout());
    assertEquals("true", settings.producer().get("enable.idempotence"));
    assertEquals("all", settings.producer().get("acks"));
    assertEquals("5", settings.producer().get("max.in.flight.requests.per.connection"));
    assertEquals("5", settings.producer().get("linger.ms"));
  }

  @Test
  void producerPropertiesPassThroughAsFlatNames() {
    EventSettings settings = with("atrium.events.producer { compression.type = lz4, batch.size = 65536 }");
    assertEquals("lz4", settings.producer().get("compression.type"));
    assertEquals("65536", settings.producer().get("batch.size"));
  }

  @Test
  void remembersMoreKeysThanLedgerReadsInFlight() {
    SettingsException refused =
        assertThrows(SettingsException.class, () -> with("atrium.events.remembered-keys = 16"));
    assertTrue(refused.getMessage().contains("atrium.events.remembered-keys"), refused.getMessage());
    assertEquals(17, with("atrium.events.remembered-keys = 17").rememberedKeys());
  }

  @Test
  void refusesProducerSettingsThatCouldReorderAKey() {
    SettingsException idempotence = assertThrows(SettingsException.class,
        () -> with("atrium.events.producer.enable.idempotence = false"));
    assertTrue(idempotence.getMessage().contains("atrium.events.producer.enable.idempotence"), idempotence.getMessage());
    assertThrows(SettingsException.class, () -> with("atrium.events.producer.acks = 1"));
    assertThrows(SettingsException.class,
        () -> with("atrium.events.producer.max.in.flight.requests.per.connection = 6"));
    assertThrows(SettingsException.class,
        () -> with("atrium.events.producer.max.in.flight.requests.per.connection = 0"));
    assertEquals("1", with("atrium.events.producer.max.in.flight.requests.per.connection = 1")
        .producer().get("max.in.flight.requests.per.connection"));
  }

  @Test
  void refusesBadValues() {
    assertThrows(SettingsException.class, () -> with("atrium.events.topics.partitions = 0"));
    assertThrows(SettingsException.class, () -> with("atrium.events.topics.replication-factor = 40000"));
    assertThrows(SettingsException.class, () -> with("atrium.events.streams-topic = atrium.records.v1"));
    assertThrows(SettingsException.class, () -> with("atrium.events.records-topic = \"\""));
  }
}
