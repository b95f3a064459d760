package io.atrium.edge.traffic;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.atrium.edge.ratelimit.RateLimiter.TenantRate;
import io.atrium.sharding.load.ClusterLoad;
import io.atrium.sharding.load.ClusterLoad.LoadSum;
import io.atrium.sharding.load.ClusterLoad.MemberLoad;
import java.util.Map;

/**
 * The body of {@code GET /ops/load}: this node's own figures at the top level (as before), the
 * cluster view beside them, and what the rate limiter enforces here.
 *
 * @param node this node's traffic figures
 * @param admittedInHandover requests admitted over the concurrency limit during handovers since the
 *     node started (see AdmissionControl)
 * @param cluster every member's latest report with its age, and the sum over the fresh ones; absent
 *     when the node runs without load reporting
 * @param rateLimits per tenant seen by this node: its share of the tenant's cluster rate; absent
 *     when rate limiting is off
 */
public record OpsLoad(@JsonUnwrapped LoadReport node, long admittedInHandover, ClusterSection cluster, Map<String, TenantRate> rateLimits) {

  /**
   * @param staleAfterMillis reports older than this are flagged stale and left out of {@code sum}
   * @param members by address
   * @param sum λ, Q, in-flight, per route and per tenant, over the fresh reports
   */
  public record ClusterSection(long staleAfterMillis, Map<String, MemberLoad> members, LoadSum sum) {

    static ClusterSection of(ClusterLoad load) {
      return new ClusterSection(load.staleAfterMillis(), load.members(), load.sum());
    }
  }
}
