package io.atrium.sharding.placement;

import io.atrium.sharding.placement.PlacementPolicy.Moves;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardCoordinator.AbstractShardAllocationStrategy;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.dispatch.Futures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The shard coordinator's side of load-aware placement: turns Pekko's allocation maps into
 * {@link Region}s and asks the {@link PlacementPolicy}. Every call answers at once from memory (the
 * latest {@link PlacementView} and the cluster state): the coordinator is one actor for the whole
 * entity type, and a slow answer would hold up every shard's home lookup.
 *
 * <p>One instance per entity type: it remembers when its coordinator last moved shards (the
 * cooldown). Only the coordinator calls it, from its own actor, one call at a time.
 */
final class LoadAwareAllocationStrategy extends AbstractShardAllocationStrategy {

  private static final Logger LOG = LoggerFactory.getLogger(LoadAwareAllocationStrategy.class);

  private final String typeName;
  private final Cluster cluster;
  private final PlacementPolicy policy;
  private final Supplier<PlacementView> view;
  private final LongSupplier clockMillis;
  /** When this coordinator last moved shards; far in the past at first, so the first round may move. */
  private long lastMovesMillis = Long.MIN_VALUE / 2;

  LoadAwareAllocationStrategy(String typeName, Cluster cluster, PlacementPolicy policy, Supplier<PlacementView> view,
      LongSupplier clockMillis) {
    this.typeName = typeName;
    this.cluster = cluster;
    this.policy = policy;
    this.view = view;
    this.clockMillis = clockMillis;
  }

  @Override
  public Future<ActorRef> allocateShard(ActorRef requester, String shardId,
      Map<ActorRef, IndexedSeq<String>> currentShardAllocations) {
    Map<String, ActorRef> refs = new HashMap<>();
    List<Region> regions = regions(currentShardAllocations, cluster.state(), refs);
    if (regions.isEmpty()) {
      // The cluster state lags a region that has just registered; the requester is a safe home
      // when it is a region itself (a proxy is not), else any region.
      if (currentShardAllocations.containsKey(requester) || currentShardAllocations.isEmpty()) {
        return Futures.successful(requester);
      }
      return Futures.successful(currentShardAllocations.keySet().iterator().next());
    }
    return Futures.successful(refs.get(policy.allocate(view.get(), regions).node()));
  }

  @Override
  public Future<Set<String>> rebalance(Map<ActorRef, IndexedSeq<String>> currentShardAllocations,
      Set<String> rebalanceInProgress) {
    CurrentClusterState state = cluster.state();
    if (!settled(state)) {
      return Futures.successful(Set.of());
    }
    long now = clockMillis.getAsLong();
    List<Region> regions = regions(currentShardAllocations, state, new HashMap<>());
    Moves moves = policy.rebalance(view.get(), regions, rebalanceInProgress, Duration.ofMillis(now - lastMovesMillis));
    if (!moves.shards().isEmpty()) {
      lastMovesMillis = now;
      LOG.info("Placement of {}: moving shards {} ({})", typeName, moves.shards(), moves.reason());
    }
    return Futures.successful(moves.shards());
  }

  /**
   * Rebalancing needs every region's and proxy's acknowledgement and should see the final
   * membership, as Pekko's own strategy requires: nobody unreachable, nobody joining.
   */
  private static boolean settled(CurrentClusterState state) {
    if (!state.getUnreachable().isEmpty()) {
      return false;
    }
    for (Member member : state.getMembers()) {
      if (member.status() == MemberStatus.joining() || member.status() == MemberStatus.weaklyUp()) {
        return false;
      }
    }
    return true;
  }

  /** The regions of known members (a region whose member is not in the state yet is left out). */
  private List<Region> regions(Map<ActorRef, IndexedSeq<String>> allocations, CurrentClusterState state,
      Map<String, ActorRef> refs) {
    Map<Address, Member> members = new HashMap<>();
    state.getMembers().forEach(member -> members.put(member.address(), member));
    Address self = cluster.selfMember().address();
    List<Region> regions = new ArrayList<>();
    allocations.forEach((ref, shards) -> {
      Address address = ref.path().address().hasLocalScope() ? self : ref.path().address();
      Member member = members.get(address);
      if (member != null) {
        refs.put(address.toString(), ref);
        regions.add(new Region(address.toString(), CollectionConverters.asJava(shards), leaving(member.status())));
      }
    });
    return regions;
  }

  private static boolean leaving(MemberStatus status) {
    return status == MemberStatus.leaving() || status == MemberStatus.exiting() || status == MemberStatus.down();
  }

  @Override
  public String toString() {
    return "LoadAwareAllocationStrategy(" + typeName + ")";
  }
}
