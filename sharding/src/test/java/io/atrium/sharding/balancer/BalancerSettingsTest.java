package io.atrium.sharding.balancer;

import static io.atrium.sharding.balancer.Fixtures.SECOND;
import static io.atrium.sharding.balancer.Fixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.config.SettingsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BalancerSettingsTest {

  @Test
  void referenceDefaults() {
    BalancerSettings settings = settings("");
    assertEquals(StrategyName.ATRIUM, settings.strategy());
    assertEquals(Duration.ofSeconds(5), settings.askTimeout());
    assertEquals(10, settings.windowSeconds());
    assertEquals(Duration.ofSeconds(10), settings.latencyDecay());
    assertEquals(20, settings.errorSamples());
    assertEquals(new ReportSettings(Duration.ofSeconds(1), 3, 10), settings.reports());
    AtriumSettings atrium = settings.atrium();
    assertEquals(AtriumSettings.Selection.BETTER_OF_TWO, atrium.selection());
    assertEquals(Duration.ofSeconds(2), atrium.latencyDecay());
    assertEquals(Duration.ofSeconds(2), settings.peakLatencyDecay(), "atrium's own τ");
    assertEquals(Duration.ofSeconds(10), settings.withStrategy(StrategyName.PEAK_EWMA).peakLatencyDecay(), "Finagle's");
    assertEquals(Duration.ofNanos(100_000), atrium.minLatency());
    assertEquals(0.8, atrium.cpuKnee());
    assertEquals(0.15, atrium.heapKnee());
    assertEquals(0.05, atrium.minFactor());
    assertEquals(new EjectionSettings(true, Duration.ofMillis(500), 10, 2, 5.0, Duration.ofMillis(5), 2.0, 0.3, 0.5,
        Duration.ofSeconds(5), Duration.ofSeconds(60), 0.05, Duration.ofSeconds(10)), atrium.ejection());
  }

  @Test
  void everyStrategyByItsConfigName() {
    for (StrategyName name : StrategyName.values()) {
      assertEquals(name, settings("atrium.balancer.strategy = " + name.configName()).strategy());
    }
    assertEquals("least-inflight-p2c", StrategyName.LEAST_INFLIGHT_P2C.configName());
    assertEquals(AtriumSettings.Selection.PROPORTIONAL,
        settings("atrium.balancer.atrium.selection = proportional").atrium().selection());
  }

  @Test
  void badValuesNameTheSetting() {
    SettingsException unknown = assertThrows(SettingsException.class, () -> settings("atrium.balancer.strategy = fastest"));
    assertEquals("atrium.balancer.strategy", unknown.setting());
    assertTrue(unknown.getMessage().contains("peak-ewma"), unknown.getMessage());
    assertEquals("atrium.balancer.window",
        assertThrows(SettingsException.class, () -> settings("atrium.balancer.window = 1500ms")).setting());
    assertEquals("atrium.balancer.reports.neutral-after-intervals",
        assertThrows(SettingsException.class, () -> settings("atrium.balancer.reports.neutral-after-intervals = 3")).setting());
    assertEquals("atrium.balancer.atrium.cpu-knee",
        assertThrows(SettingsException.class, () -> settings("atrium.balancer.atrium.cpu-knee = 1.5")).setting());
    assertEquals("atrium.balancer.atrium.ejection.latency-factor",
        assertThrows(SettingsException.class, () -> settings("atrium.balancer.atrium.ejection.latency-factor = 0.5")).setting());
    assertEquals("atrium.balancer.atrium.selection",
        assertThrows(SettingsException.class, () -> settings("atrium.balancer.atrium.selection = best")).setting());
    assertEquals("atrium.balancer.atrium.ejection.min-error-rate",
        assertThrows(SettingsException.class, () -> settings("atrium.balancer.atrium.ejection.min-error-rate = 0")).setting());
    assertEquals("atrium.balancer.atrium.min-factor",
        assertThrows(SettingsException.class, () -> settings("atrium.balancer.atrium.min-factor = 0")).setting());
  }

  @Test
  void reportConfidenceIsFullWhileFreshThenFadesToNeutral() {
    ReportSettings reports = new ReportSettings(Duration.ofSeconds(1), 3, 10);
    assertEquals(1, reports.confidence(0));
    assertEquals(1, reports.confidence(3 * SECOND));
    assertEquals(0.5, reports.confidence(6_500_000_000L), 1e-9);
    assertEquals(0, reports.confidence(10 * SECOND));
    assertEquals(0, reports.confidence(3_600 * SECOND));
    assertEquals(0, reports.confidence(null, 0));
    assertEquals(1, reports.confidence(-SECOND), "a report stamped a little in the future is fresh");
  }

  @Test
  void ejectionsLengthenUpToTheMaximum() {
    EjectionSettings ejection = settings("").atrium().ejection();
    assertEquals(5 * SECOND, ejection.durationNanos(1));
    assertEquals(15 * SECOND, ejection.durationNanos(3));
    assertEquals(60 * SECOND, ejection.durationNanos(50));
  }
}
