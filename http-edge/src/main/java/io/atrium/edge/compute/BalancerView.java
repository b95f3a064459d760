package io.atrium.edge.compute;

import io.atrium.sharding.balancer.BalancerSnapshot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.ActorPaths;

/**
 * {@code GET /ops/balancer}: the router's snapshot as it is, plus the same figures summed per node
 * (a node's workers are several routees; its share of the traffic is what an operator looks for).
 *
 * @param node this node, whose router this is
 * @param nodes per node address: the sums over its routees
 */
record BalancerView(String node, String strategy, String serviceKey, int windowSeconds,
    List<BalancerSnapshot.Routee> routees, Map<String, NodeView> nodes) {

  /**
   * @param routees the node's routees (workers) this router knows
   * @param share the node's fraction of the messages this router routed in the window
   * @param lambda messages per second this router sent to the node over the window
   * @param inFlight this router's messages to the node not answered yet
   * @param ejected the node's routees ejected now
   */
  record NodeView(int routees, double share, double lambda, int inFlight, int ejected) {

    static final NodeView NONE = new NodeView(0, 0, 0, 0, 0);

    NodeView plus(BalancerSnapshot.Routee routee) {
      return new NodeView(routees + 1, share + routee.share(), lambda + routee.lambda(),
          inFlight + routee.inFlight(), ejected + (routee.ejected() ? 1 : 0));
    }
  }

  static BalancerView of(String node, BalancerSnapshot snapshot) {
    Map<String, NodeView> nodes = new TreeMap<>();
    for (BalancerSnapshot.Routee routee : snapshot.routees()) {
      nodes.compute(nodeOf(routee), (address, sum) -> (sum == null ? NodeView.NONE : sum).plus(routee));
    }
    return new BalancerView(node, snapshot.strategy(), snapshot.serviceKey(), snapshot.windowSeconds(),
        snapshot.routees(), nodes);
  }

  /** The node of a routee named by its full actor path ({@code pekko://atrium@host:port/system/…}). */
  private static String nodeOf(BalancerSnapshot.Routee routee) {
    return ActorPaths.fromString(routee.routee()).address().toString();
  }
}
