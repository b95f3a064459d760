package io.atrium.edge.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.pattern.Patterns;

/**
 * Shards and entities hosted on this node, per entity type. The local shard regions are asked every
 * {@code atrium.metrics.sharding-poll-interval}, not per scrape: the query visits every shard. It uses
 * the region's stats query, which answers with counts only; {@code GetShardRegionState} would copy
 * every entity id, and {@code GetClusterShardingStats} would ask every node's regions, although each
 * node reports its own share and the cluster total is the sum over nodes.
 */
final class ShardingMetrics {

  /** Shards and entities of one type on this node. */
  private record Counts(int shards, long entities) {}

  private final ActorSystem<?> system;
  private final Duration interval;
  private final Map<String, Counts> counts = new ConcurrentHashMap<>();
  /** Types with a query under way: a region busy past the interval (hand-off, overload) gets no pile of queries. */
  private final Set<String> polling = ConcurrentHashMap.newKeySet();

  private ShardingMetrics(ActorSystem<?> system, Duration interval) {
    this.system = system;
    this.interval = interval;
  }

  /**
   * Registers the gauges (NaN until a region answers; a type not started on this node reads 0) and
   * starts polling; cancel the returned handle on shutdown.
   */
  static Cancellable start(ActorSystem<?> system, List<String> typeNames, Duration interval, MeterRegistry registry) {
    ShardingMetrics metrics = new ShardingMetrics(system, interval);
    for (String type : typeNames) {
      Gauge.builder("atrium.sharding.shards", metrics, m -> m.read(type, Counts::shards))
          .description("Shards of an entity type hosted on this node").tag("type", type)
          .strongReference(true).register(registry);
      Gauge.builder("atrium.sharding.entities", metrics, m -> m.read(type, Counts::entities))
          .description("Running entities of an entity type on this node").tag("type", type)
          .strongReference(true).register(registry);
    }
    return system.scheduler().scheduleWithFixedDelay(Duration.ZERO, interval,
        () -> typeNames.forEach(metrics::poll), system.executionContext());
  }

  private double read(String type, ToDoubleFunction<Counts> pick) {
    Counts current = counts.get(type);
    return current == null ? Double.NaN : pick.applyAsDouble(current);
  }

  private void poll(String type) {
    ClusterSharding sharding = ClusterSharding.get(system.classicSystem());
    if (!sharding.getShardTypeNames().contains(type)) {
      counts.put(type, new Counts(0, 0));
      return;
    }
    if (!polling.add(type)) {
      return;
    }
    // A query not answered within one interval is dropped (the gauges keep the last answer).
    Patterns.ask(sharding.shardRegion(type), ShardRegion.getRegionStatsInstance(), interval)
        .whenCompleteAsync((reply, error) -> {
          polling.remove(type);
          if (reply instanceof ShardRegion.ShardRegionStats stats) {
            Map<String, Object> perShard = stats.getStats();
            long entities = perShard.values().stream().mapToLong(n -> ((Number) n).longValue()).sum();
            counts.put(type, new Counts(perShard.size(), entities));
          }
        }, system.executionContext());
  }
}
