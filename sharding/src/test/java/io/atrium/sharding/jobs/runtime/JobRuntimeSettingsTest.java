package io.atrium.sharding.jobs.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.atrium.config.SettingsException;
import org.junit.jupiter.api.Test;

class JobRuntimeSettingsTest {

  private static JobRuntimeSettings with(String overrides) {
    return JobRuntimeSettings.fromConfig(ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load()));
  }

  @Test
  void byDefaultOneWorkerThreadPerProcessorAndTwoTasksInFlightPerThread() {
    JobRuntimeSettings settings = with("");
    int processors = Runtime.getRuntime().availableProcessors();
    assertEquals(processors, settings.workerPoolSize());
    assertEquals(2 * processors, settings.tasksInFlight());
  }

  @Test
  void aConfiguredPoolSizeIsTakenAsItIsAndScalesTheTasksInFlight() {
    JobRuntimeSettings settings = with("atrium.jobs.worker { pool-size = 3, tasks-per-thread = 4 }");
    assertEquals(3, settings.workerPoolSize());
    assertEquals(12, settings.tasksInFlight());
  }

  @Test
  void negativeOrZeroValuesAreRefusedNamingTheSetting() {
    assertEquals("atrium.jobs.worker.pool-size",
        assertThrows(SettingsException.class, () -> with("atrium.jobs.worker.pool-size = -1")).setting());
    assertEquals("atrium.jobs.worker.tasks-per-thread",
        assertThrows(SettingsException.class, () -> with("atrium.jobs.worker.tasks-per-thread = 0")).setting());
  }
}
