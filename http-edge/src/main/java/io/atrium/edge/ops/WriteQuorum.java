package io.atrium.edge.ops;

import io.atrium.edge.WriteGuard;
import io.atrium.edge.errors.ErrorResponses;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * Refuses writes (503) on a node that cannot reach a majority of the cluster's members.
 *
 * <p>In a partition the minority side is downed by the split-brain resolver only after it has been
 * stable for a while, and its entities may be started on the majority side one removal margin after
 * that. Refusing writes as soon as this node's failure detector loses the majority closes that
 * window from the client side: the minority stops accepting writes seconds before anyone else could
 * take its entities over. A crashed member does not trigger it (two of three still reach each other),
 * and reads go on, served by the entities this node still holds.
 */
public final class WriteQuorum implements WriteGuard {

  private final Supplier<CurrentClusterState> state;
  private final Duration retryAfter;

  public WriteQuorum(Supplier<CurrentClusterState> state, Duration retryAfter) {
    this.state = state;
    this.retryAfter = retryAfter;
  }

  /** Whether this node reaches more than half of the members that count for the split-brain resolver. */
  public boolean reachesMajority() {
    CurrentClusterState current = state.get();
    int members = 0;
    for (Member member : current.getMembers()) {
      if (counts(member)) {
        members++;
      }
    }
    int unreachable = 0;
    for (Member member : current.getUnreachable()) {
      if (counts(member)) {
        unreachable++;
      }
    }
    return members == 0 || 2 * (members - unreachable) > members;
  }

  private static boolean counts(Member member) {
    MemberStatus status = member.status();
    return status == MemberStatus.up() || status == MemberStatus.leaving() || status == MemberStatus.weaklyUp();
  }

  /** A 503 while {@link #reachesMajority()} is false. */
  @Override
  public Optional<HttpResponse> refusal() {
    if (reachesMajority()) {
      return Optional.empty();
    }
    return Optional.of(ErrorResponses.unavailable("no_quorum",
        "This node cannot reach a majority of the cluster; writes are refused here until it can", retryAfter));
  }
}
