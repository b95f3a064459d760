package io.atrium.sharding.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.atrium.config.SettingsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamSettingsTest {

  private static StreamSettings with(String overrides) {
    Config config = ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
    return StreamSettings.fromConfig(config);
  }

  @Test
  void referenceDefaults() {
    StreamSettings settings = with("");
    assertEquals(10_000, settings.maxEventsPerRequest());
    assertEquals(1536 * 1024, settings.maxRequestBytes());
    assertEquals(Duration.ofSeconds(10), settings.bodyReadTimeout());
    assertEquals(Duration.ofSeconds(5), settings.askTimeout());
    assertEquals(100, settings.snapshotEvery());
    assertEquals(120, settings.retention(WindowSize.SECOND));
    assertEquals(120, settings.retention(WindowSize.MINUTE));
    assertEquals(48, settings.retention(WindowSize.HOUR));
    assertEquals(Duration.ofMinutes(1), settings.maxFutureSkew());
    assertEquals(16, settings.maxTagsPerEvent());
    assertEquals(256, settings.maxTagLength());
    assertEquals(Duration.ofMinutes(5), settings.passivationIdleTimeout());
    assertEquals(4, settings.slices());
  }

  @Test
  void streamNames() {
    StreamSettings settings = with("");
    assertTrue(settings.validName("cpu.load_1-a"));
    assertTrue(settings.validName("x".repeat(128)));
    assertFalse(settings.validName("x".repeat(129)));
    assertFalse(settings.validName(""));
    assertFalse(settings.validName("a/b"));
    assertFalse(settings.validName("a b"));
    assertFalse(settings.validName("é"));
  }

  @Test
  void badValuesNameTheSetting() {
    assertEquals("atrium.streams.retention.hours",
        assertThrows(SettingsException.class, () -> with("atrium.streams.retention.hours = 0")).setting());
    assertEquals("atrium.streams.ask-timeout",
        assertThrows(SettingsException.class, () -> with("atrium.streams.ask-timeout = soon")).setting());
    assertEquals("atrium.streams.name-pattern",
        assertThrows(SettingsException.class, () -> with("atrium.streams.name-pattern = \"[\"")).setting());
    assertEquals("atrium.streams.max-events-per-request",
        assertThrows(SettingsException.class, () -> with("atrium.streams.max-events-per-request = -5")).setting());
  }
}
