package io.atrium.sharding.placement;

import static io.atrium.sharding.placement.PlacementFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.atrium.config.SettingsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlacementSettingsTest {

  @Test
  void referenceDefaults() {
    assertEquals(new PlacementSettings(true, 0.85, 0.6, 0.9, 0.75, Duration.ofSeconds(15), 3, Duration.ofSeconds(30),
        0.5, 2, Duration.ofSeconds(15)), settings(""));
  }

  @Test
  void theRecoverThresholdsMustLieBelowTheOverloadOnes() {
    SettingsException cpu = assertThrows(SettingsException.class,
        () -> settings("atrium.placement.cpu-recover = 0.9"));
    assertEquals("atrium.placement.cpu-recover", cpu.setting());
    SettingsException heap = assertThrows(SettingsException.class,
        () -> settings("atrium.placement.heap-recover = 0.95"));
    assertEquals("atrium.placement.heap-recover", heap.setting());
    assertThrows(SettingsException.class, () -> settings("atrium.placement.cpu-overload = 1.5"));
    assertThrows(SettingsException.class, () -> settings("atrium.placement.max-moves-per-round = 0"));
  }
}
