package io.atrium.sharding.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.atrium.config.SettingsException;
import org.junit.jupiter.api.Test;

class JobSettingsTest {

  @Test
  void referenceConfDefaults() {
    assertEquals(new JobSettings(1_048_576, 1_048_576, 12, 10_000, 1000, 20), JobSettings.fromConfig(ConfigFactory.load()));
  }

  @Test
  void aPrecisionOutOfRangeNamesTheSetting() {
    var e = assertThrows(SettingsException.class, () -> JobSettings.fromConfig(
        ConfigFactory.parseString("atrium.jobs.aggregate.default-precision = 20").withFallback(ConfigFactory.load())));
    assertEquals("atrium.jobs.aggregate.default-precision", e.setting());
    assertTrue(e.getMessage().contains("between 4 and 18"), e.getMessage());
  }
}
