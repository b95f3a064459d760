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
  private final Duration newRegionGrace;
  /** When each region's member was first seen in a round of this coordinator. */
  private final Map<String, Long> firstSeenMillis = new HashMap<>();

  LoadAwareAllocationStrategy(String typeName, Cluster cluster, PlacementPolicy policy, Supplier<PlacementView> view,
      LongSupplier clockMillis, Duration newRegionGrace) {
    this.newRegionGrace = newRegionGrace;
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
    if (warmingUp(regions, now)) {
      return Futures.successful(Set.of());
    }
    Moves moves = policy.rebalance(view.get(), regions, rebalanceInProgress, Duration.ofMillis(now - lastMovesMillis));
    if (!moves.shards().isEmpty()) {
      lastMovesMillis = now;
      LOG.info("Placement of {}: moving shards {} ({})", typeName, moves.shards(), moves.reason());
    }
    return Futures.successful(moves.shards());
  }

  /**
   * Whether this coordinator first saw some region less than the grace ago. A coordinator that has just
   * started (it moved) cannot tell an old region from a new one and waits the grace for all of them.
   */
  private boolean warmingUp(List<Region> regions, long now) {
    firstSeenMillis.keySet().retainAll(regions.stream().map(Region::node).toList());
    regions.forEach(region -> firstSeenMillis.putIfAbsent(region.node(), now));
    return firstSeenMillis.values().stream().anyMatch(seen -> now - seen < newRegionGrace.toMillis());
  }

  /**
   * Rebalancing needs every region's and proxy's acknowledgement and should see the final
   * membership, as Pekko's own strategy requires: nobody unreachable, every member Up. A member that
   * is leaving is handing its shards off; moving others at the same time only adds hand-offs.
   */
  private static boolean settled(CurrentClusterState state) {
    if (!state.getUnreachable().isEmpty()) {
      return false;
    }
    for (Member member : state.getMembers()) {
      if (member.status() != MemberStatus.up()) {
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
