package io.atrium.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.atrium.config.SettingsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EdgeSettingsTest {

  private static Config with(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load());
  }

  @Test
  void shutdownTimingsHaveTheirDocumentedDefaults() {
    EdgeSettings settings = EdgeSettings.fromConfig(with(""));

    assertEquals(Duration.ofSeconds(2), settings.notReadyGrace());
    assertEquals(Duration.ofSeconds(10), settings.drainDeadline());
    assertEquals(Duration.ofSeconds(1), settings.shardStatsTimeout());
    assertEquals(Duration.ofSeconds(1), settings.readinessReuse());
  }

  @Test
  void aGraceOfZeroUnbindsAtOnce() {
    assertEquals(Duration.ZERO, EdgeSettings.fromConfig(with("atrium.http.not-ready-grace = 0s")).notReadyGrace());
  }

  @Test
  void aGraceTheShutdownPhaseWouldCutShortIsRefused() {
    SettingsException error = assertThrows(SettingsException.class, () -> EdgeSettings.fromConfig(with(
        "atrium.http.not-ready-grace = 5s\n" + EdgeSettings.GRACE_PHASE_TIMEOUT + " = 5s")));

    assertEquals("atrium.http.not-ready-grace", error.setting());
    assertTrue(error.getMessage().contains(EdgeSettings.GRACE_PHASE_TIMEOUT), error.getMessage());
  }
}
