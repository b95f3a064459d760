package io.atrium.sharding.placement;

import io.atrium.sharding.load.ClusterLoadView;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's load-aware shard placement: follows the cluster's load reports and gives each entity
 * type a {@link LoadAwareAllocationStrategy} reading the result. Every node runs it, so whichever node
 * hosts a shard coordinator already knows who has been overloaded and for how long.
 */
public final class ShardPlacement {

  private static final Logger LOG = LoggerFactory.getLogger(ShardPlacement.class);

  private final Optional<Started> started;

  private record Started(ActorSystem<?> system, PlacementPolicy policy, OverloadTracker tracker,
                         LongSupplier clockMillis, Duration newRegionGrace) {}

  private ShardPlacement(Optional<Started> started) {
    this.started = started;
  }

  /** Pekko's own least-shard placement, for tests and when {@code atrium.placement.enabled} is off. */
  public static ShardPlacement pekkoDefault() {
    return new ShardPlacement(Optional.empty());
  }

  /**
   * Starts following the load reports, unless placement is disabled.
   *
   * @param reportInterval how often members report; the reports are looked at twice as often
   */
  public static ShardPlacement start(ActorSystem<?> system, PlacementSettings settings, ClusterLoadView load,
      Duration reportInterval) {
    if (!settings.enabled()) {
      return pekkoDefault();
    }
    LongSupplier clockMillis = () -> System.nanoTime() / 1_000_000;
    OverloadTracker tracker = new OverloadTracker(settings);
    system.scheduler().scheduleWithFixedDelay(Duration.ZERO, reportInterval.dividedBy(2), () -> {
      // A task that throws is not scheduled again: one bad look must not end tracking for good.
      try {
        tracker.observe(load.clusterLoad(), clockMillis.getAsLong());
      } catch (RuntimeException e) {
        LOG.warn("Placement could not take in the load reports; trying again", e);
      }
    }, system.executionContext());
    return new ShardPlacement(Optional.of(
        new Started(system, new PlacementPolicy(settings), tracker, clockMillis, settings.newRegionGrace())));
  }

  /** The entity with this placement's allocation strategy (unchanged when placement is off). */
  public <M, E> Entity<M, E> applyTo(Entity<M, E> entity) {
    return started.map(s -> entity.withAllocationStrategy(new LoadAwareAllocationStrategy(
            entity.typeKey().name(), Cluster.get(s.system()), s.policy(), s.tracker()::view, s.clockMillis(),
            s.newRegionGrace())))
        .orElse(entity);
  }

  public boolean enabled() {
    return started.isPresent();
  }

  /** What placement knows of every member now; empty when placement is off. */
  public PlacementView view() {
    return started.map(s -> s.tracker().view()).orElse(PlacementView.EMPTY);
  }
}
