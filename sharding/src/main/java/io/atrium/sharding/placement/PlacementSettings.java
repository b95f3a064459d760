package io.atrium.sharding.placement;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.time.Duration;

/**
 * {@code atrium.placement}: load-aware shard allocation. The README section "Load-aware shard
 * placement" explains how these parameters keep placement from flapping.
 *
 * @param enabled off: the entity types use Pekko's own least-shard strategy
 * @param cpuOverload a report at or above this process CPU (0..1 of all cores) counts as overloaded …
 * @param cpuRecover … and one at or below this as clearly healthy; in between a node keeps its condition
 * @param heapOverload a report with heap used/max at or above this counts as overloaded …
 * @param heapRecover … and at or below this as healthy
 * @param sustain a node changes condition only after its reports said so without a break for this long
 * @param maxMovesPerRound most shards one rebalance round moves
 * @param cooldown after a round that moved shards, no other round starts for this long
 * @param overloadedShare an overloaded node is relieved down to this fraction of an even share, no further
 * @param imbalanceThreshold shards move between healthy nodes only when their shard counts differ by more
 * @param newRegionGrace no shards move while a region registered less than this long ago (a node just started)
 */
public record PlacementSettings(
    boolean enabled,
    double cpuOverload,
    double cpuRecover,
    double heapOverload,
    double heapRecover,
    Duration sustain,
    int maxMovesPerRound,
    Duration cooldown,
    double overloadedShare,
    int imbalanceThreshold,
    Duration newRegionGrace) {

  static final String PREFIX = "atrium.placement.";

  public PlacementSettings {
    if (cpuRecover >= cpuOverload) {
      throw new SettingsException(PREFIX + "cpu-recover", "must be below cpu-overload (" + cpuOverload
          + "), was " + cpuRecover);
    }
    if (heapRecover >= heapOverload) {
      throw new SettingsException(PREFIX + "heap-recover", "must be below heap-overload (" + heapOverload
          + "), was " + heapRecover);
    }
  }

  public static PlacementSettings fromConfig(Config config) {
    return new PlacementSettings(
        Settings.bool(config, PREFIX + "enabled"),
        Settings.fraction(config, PREFIX + "cpu-overload"),
        Settings.fraction(config, PREFIX + "cpu-recover"),
        Settings.fraction(config, PREFIX + "heap-overload"),
        Settings.fraction(config, PREFIX + "heap-recover"),
        Settings.positiveDuration(config, PREFIX + "sustain"),
        Settings.positiveInt(config, PREFIX + "max-moves-per-round"),
        Settings.nonNegativeDuration(config, PREFIX + "cooldown"),
        Settings.fraction(config, PREFIX + "overloaded-share"),
        Settings.positiveInt(config, PREFIX + "imbalance-threshold"),
        Settings.nonNegativeDuration(config, PREFIX + "new-region-grace"));
  }
}
