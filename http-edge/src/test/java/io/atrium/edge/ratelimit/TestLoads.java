package io.atrium.edge.ratelimit;

import io.atrium.sharding.load.ClusterLoad;
import io.atrium.sharding.load.ClusterLoad.MemberLoad;
import io.atrium.sharding.load.ClusterLoadView;
import io.atrium.sharding.load.EdgeLoad;
import io.atrium.sharding.load.FlowRates;
import io.atrium.sharding.load.NodeLoad;
import io.atrium.sharding.load.Rates;
import java.util.Map;
import java.util.TreeMap;

/** Cluster views built by hand: which members report which arrivals of a tenant. */
public final class TestLoads implements ClusterLoadView {

  public static final String SELF = "pekko://atrium@127.0.0.1:1";
  public static final long STALE_AFTER_MILLIS = 3_000;

  private volatile ClusterLoad current = new ClusterLoad(SELF, 0, STALE_AFTER_MILLIS, Map.of());

  /** Replaces the view; the version grows so limiters recompute their shares. */
  public void set(MemberLoad... members) {
    Map<String, MemberLoad> byNode = new TreeMap<>();
    for (MemberLoad member : members) {
      byNode.put(member.report().node(), member);
    }
    current = new ClusterLoad(SELF, current.version() + 1, STALE_AFTER_MILLIS, byNode);
  }

  @Override
  public long version() {
    return current.version();
  }

  @Override
  public ClusterLoad clusterLoad() {
    return current;
  }

  static ClusterLoad view(MemberLoad... members) {
    TestLoads loads = new TestLoads();
    loads.set(members);
    return loads.current;
  }

  /** A fresh report of {@code node} with the tenant's λ the same over every window. */
  public static MemberLoad fresh(String node, String tenant, double lambda) {
    return member(node, tenant, new Rates(lambda, lambda, lambda), false);
  }

  static MemberLoad member(String node, String tenant, Rates lambda, boolean stale) {
    FlowRates flow = new FlowRates(lambda, Rates.ZERO);
    EdgeLoad edge = new EdgeLoad(lambda, Rates.ZERO, 0, Map.of(), tenant == null ? Map.of() : Map.of(tenant, flow));
    NodeLoad report = new NodeLoad(node, 0, 0.1, 0.2, 1, 2, 0, 0, edge, Map.of());
    return new MemberLoad(report, stale ? STALE_AFTER_MILLIS + 1 : 100, stale);
  }
}
