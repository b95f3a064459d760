package io.atrium.node.failover;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import java.time.Duration;

/**
 * {@code atrium.failover.crash-probe}: how quickly a crashed member is told apart from an unreachable
 * one.
 *
 * @param interval time between two probes of one member
 * @param connectTimeout a probe that neither connects nor is refused within this proves nothing
 * @param refusals consecutive refused probes that prove the member's process is gone
 */
public record CrashProbeSettings(boolean enabled, Duration interval, Duration connectTimeout, int refusals) {

  public static CrashProbeSettings fromConfig(Config config) {
    return new CrashProbeSettings(
        Settings.bool(config, "atrium.failover.crash-probe.enabled"),
        Settings.positiveDuration(config, "atrium.failover.crash-probe.interval"),
        Settings.positiveDuration(config, "atrium.failover.crash-probe.connect-timeout"),
        Settings.positiveInt(config, "atrium.failover.crash-probe.refusals"));
  }
}
