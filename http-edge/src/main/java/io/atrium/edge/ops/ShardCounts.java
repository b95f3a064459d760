package io.atrium.edge.ops;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.pattern.Patterns;
import scala.concurrent.duration.FiniteDuration;

/**
 * Shards per member and entity type, for {@code GET /ops/cluster}: each local shard region is asked
 * for the cluster's sharding stats, which asks every member's region. The counts are a snapshot for
 * operators: a region that does not answer within the timeout (a member starting or leaving) may show
 * no shards, and a type whose query failed is left out.
 */
public final class ShardCounts {

  private final ActorSystem<?> system;
  private final Duration timeout;

  public ShardCounts(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.timeout = timeout;
  }

  /** Member address → entity type → shards hosted there (types sorted by name). */
  public CompletionStage<Map<String, Map<String, Integer>>> perMember() {
    ClusterSharding sharding = ClusterSharding.get(system.classicSystem());
    List<String> types = sharding.getShardTypeNames().stream().sorted().toList();
    List<CompletableFuture<Map<Address, Integer>>> queries = types.stream()
        .map(type -> query(sharding, type).toCompletableFuture())
        .toList();
    return CompletableFuture.allOf(queries.toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<String, Map<String, Integer>> counts = new TreeMap<>();
      for (int i = 0; i < types.size(); i++) {
        String type = types.get(i);
        queries.get(i).join().forEach((address, shards) ->
            counts.computeIfAbsent(address.toString(), a -> new TreeMap<>()).put(type, shards));
      }
      return counts;
    });
  }

  private CompletionStage<Map<Address, Integer>> query(ClusterSharding sharding, String type) {
    FiniteDuration regionTimeout = FiniteDuration.create(timeout.toMillis(), TimeUnit.MILLISECONDS);
    // The region's own deadline for the members' answers, then a margin for its reply to reach us.
    return Patterns.ask(sharding.shardRegion(type), new ShardRegion.GetClusterShardingStats(regionTimeout),
            timeout.multipliedBy(2))
        .handle((reply, error) -> {
          Map<Address, Integer> shards = new TreeMap<>(Address.addressOrdering());
          if (reply instanceof ShardRegion.ClusterShardingStats stats) {
            stats.getRegions().forEach((address, region) -> shards.put(address, region.getStats().size()));
          }
          return shards;
        });
  }
}
