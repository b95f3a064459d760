package io.atrium.edge.ratelimit;

import io.atrium.edge.ratelimit.RateLimitSettings.ShareWindow;
import io.atrium.sharding.load.ClusterLoad;
import io.atrium.sharding.load.FlowRates;
import io.atrium.sharding.load.NodeLoad;
import io.atrium.sharding.load.Rates;
import java.util.List;

/**
 * The fraction of a tenant's cluster-wide rate this node may admit: its part of the tenant's arrivals
 * (λ) across the fresh load reports, never below a floor.
 *
 * <ul>
 *   <li>No fresh report from any other member: this node is alone and owns the whole rate.</li>
 *   <li>No arrivals of the tenant anywhere yet: an even split over the reporting nodes.</li>
 *   <li>Otherwise {@code max(minShare, λ_local / Σ λ)}.</li>
 * </ul>
 * Arrivals include refused requests, so the shares follow offered traffic, not what was let in.
 */
final class TenantShare {

  private TenantShare() {}

  static double of(ClusterLoad view, String tenant, double minShare, ShareWindow window) {
    List<NodeLoad> fresh = view.fresh();
    List<NodeLoad> others = fresh.stream().filter(report -> !report.node().equals(view.self())).toList();
    if (others.isEmpty()) {
      return 1.0;
    }
    double local = view.selfReport().map(report -> lambda(report, tenant, window)).orElse(0.0);
    double total = local + others.stream().mapToDouble(report -> lambda(report, tenant, window)).sum();
    if (total <= 0) {
      return 1.0 / (others.size() + 1);
    }
    return Math.min(1.0, Math.max(minShare, local / total));
  }

  private static double lambda(NodeLoad report, String tenant, ShareWindow window) {
    FlowRates flow = report.edge().tenants().get(tenant);
    if (flow == null) {
      return 0;
    }
    Rates lambda = flow.lambda();
    return switch (window) {
      case ONE_SECOND -> lambda.oneSecond();
      case TEN_SECONDS -> lambda.tenSeconds();
      case SIXTY_SECONDS -> lambda.sixtySeconds();
    };
  }
}
