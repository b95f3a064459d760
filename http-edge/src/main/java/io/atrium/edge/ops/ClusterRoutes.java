package io.atrium.edge.ops;

import io.atrium.edge.Json;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /ops/cluster}: this node's view of the cluster membership, with the shards each member
 * hosts per entity type.
 */
public final class ClusterRoutes extends AllDirectives {

  /** @param shards entity type → shards on this member; empty when the member's region did not answer */
  public record MemberView(String address, String status, List<String> roles, String upSince,
      Map<String, Integer> shards) {}

  public record UnreachableView(String address, String status) {}

  public record ClusterView(
      String self, String selfStatus, String leader, List<MemberView> members, List<UnreachableView> unreachable) {}

  private final Cluster cluster;
  private final MembershipTracker tracker;
  private final ShardCounts shardCounts;

  public ClusterRoutes(Cluster cluster, MembershipTracker tracker, ShardCounts shardCounts) {
    this.cluster = cluster;
    this.tracker = tracker;
    this.shardCounts = shardCounts;
  }

  public Route route() {
    return pathPrefix("ops", () -> path("cluster", () -> get(() ->
        onSuccess(shardCounts.perMember(), shards -> complete(StatusCodes.OK, view(shards), Json.marshaller())))));
  }

  /** Readiness: this node is a full (Up) member. Joining, leaving or removed nodes take no traffic. */
  public CompletionStage<String> selfUp() {
    MemberStatus status = cluster.selfMember().status();
    return status == MemberStatus.up()
        ? CompletableFuture.completedFuture("Up")
        : CompletableFuture.failedFuture(new IllegalStateException("member status is " + name(status)));
  }

  ClusterView view(Map<String, Map<String, Integer>> shards) {
    CurrentClusterState state = cluster.state();
    List<MemberView> members = StreamSupport.stream(state.getMembers().spliterator(), false)
        .map(member -> memberView(member, shards.getOrDefault(member.address().toString(), Map.of())))
        .toList();
    List<UnreachableView> unreachable = state.getUnreachable().stream()
        .map(m -> new UnreachableView(m.address().toString(), name(m.status())))
        .toList();
    String leader = state.getLeader() == null ? null : state.getLeader().toString();
    return new ClusterView(cluster.selfMember().address().toString(), name(cluster.selfMember().status()),
        leader, members, unreachable);
  }

  private MemberView memberView(Member member, Map<String, Integer> shards) {
    List<String> roles = member.getRoles().stream().filter(r -> !r.startsWith("dc-")).sorted().toList();
    return new MemberView(member.address().toString(), name(member.status()), roles,
        tracker.upSince(member.address()).map(Instant::toString).orElse(null), shards);
  }

  /** "Up", "WeaklyUp", "Leaving" … as Pekko names them, without the Scala object suffix. */
  static String name(MemberStatus status) {
    String raw = status.toString();
    return raw.substring(0, 1).toUpperCase(Locale.ROOT) + raw.substring(1);
  }
}
