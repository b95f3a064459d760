package io.atrium.edge.health;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import java.time.Duration;

/**
 * {@code atrium.http.storage-guard}: refusing writes at once while the storage does not answer.
 *
 * @param enabled off: writes during an outage wait for the journal to fail them
 * @param probeInterval how often the storage is asked in the background
 * @param failuresToRefuse failed probes in a row before writes are refused
 */
public record StorageGuardSettings(boolean enabled, Duration probeInterval, int failuresToRefuse) {

  public static StorageGuardSettings fromConfig(Config config) {
    String prefix = "atrium.http.storage-guard.";
    return new StorageGuardSettings(
        Settings.bool(config, prefix + "enabled"),
        Settings.positiveDuration(config, prefix + "probe-interval"),
        Settings.positiveInt(config, prefix + "failures-to-refuse"));
  }
}
