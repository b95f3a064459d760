package io.atrium.edge.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Cluster membership as this node sees it: members by status and unreachable members. Read from the
 * cluster's current state at scrape time (an in-memory view, no messages).
 */
final class ClusterMetrics {

  private static final List<MemberStatus> STATUSES = List.of(MemberStatus.joining(), MemberStatus.weaklyUp(),
      MemberStatus.up(), MemberStatus.leaving(), MemberStatus.exiting(), MemberStatus.down(),
      MemberStatus.removed(), MemberStatus.shuttingDown(), MemberStatus.shutDown());

  private ClusterMetrics() {}

  static void bind(Cluster cluster, MeterRegistry registry) {
    for (MemberStatus status : STATUSES) {
      Gauge.builder("atrium.cluster.members", cluster, c -> count(c, status))
          .description("Cluster members by status, as this node sees them")
          .tag("status", status.toString()).strongReference(true).register(registry);
    }
    Gauge.builder("atrium.cluster.unreachable.members", cluster, c -> c.state().getUnreachable().size())
        .description("Members this node's failure detector marks unreachable")
        .strongReference(true).register(registry);
  }

  private static long count(Cluster cluster, MemberStatus status) {
    return StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
        .filter(member -> member.status() == status)
        .count();
  }
}
