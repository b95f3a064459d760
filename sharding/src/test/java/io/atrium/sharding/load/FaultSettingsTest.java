package io.atrium.sharding.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.atrium.config.SettingsException;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class FaultSettingsTest {

  private static FaultSettings settings(String overrides) {
    return FaultSettings.fromConfig(
        ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  @Test
  void offByDefaultWithTheMeasuredCpu() {
    assertEquals(new FaultSettings(false, OptionalDouble.empty()), settings(""));
  }

  @Test
  void aReportedCpuNeedsFaultsEnabledAndAFraction() {
    assertEquals(new FaultSettings(true, OptionalDouble.of(0.99)),
        settings("atrium.faults { enabled = true, report-cpu = 0.99 }"));
    SettingsException disabled = assertThrows(SettingsException.class,
        () -> settings("atrium.faults.report-cpu = 0.99"));
    assertEquals("atrium.faults.report-cpu", disabled.setting());
    assertThrows(SettingsException.class, () -> settings("atrium.faults { enabled = true, report-cpu = 2 }"));
  }
}
