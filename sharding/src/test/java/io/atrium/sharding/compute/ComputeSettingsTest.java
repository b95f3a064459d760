package io.atrium.sharding.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.atrium.config.SettingsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ComputeSettingsTest {

  private static Config withReference(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void defaultsAreDocumentedInReferenceConf() {
    Config config = withReference("");
    assertEquals(new ComputeSettings(4, 1_048_576, Duration.ofSeconds(10), Duration.ofSeconds(6),
        Duration.ofMillis(100)), ComputeSettings.fromConfig(config));
    assertEquals(ComputeSettings.POOL, config.getString(ComputeSettings.MAILBOX + ".pool"));
    assertEquals("PinnedDispatcher", config.getString(ComputeSettings.DISPATCHER + ".type"));
  }

  @Test
  void theEdgeWaitsLongerThanTheRouter() {
    SettingsException error = assertThrows(SettingsException.class,
        () -> ComputeSettings.fromConfig(withReference("atrium.compute.ask-timeout = 5s")));
    assertEquals("atrium.compute.ask-timeout", error.setting());
  }
}
