package io.atrium.sharding.load;

import java.util.Map;

/**
 * The HTTP edge's share of a node's report: service requests only ({@code /v1/*}).
 *
 * @param lambda arrival rate λ = N/T (offered, including requests later refused)
 * @param completed completion rate Q = N_processed/T
 * @param inFlight admitted requests not yet answered
 * @param routes λ and Q per route template
 * @param tenants λ and Q per tenant
 */
public record EdgeLoad(Rates lambda, Rates completed, long inFlight, Map<String, FlowRates> routes,
                       Map<String, FlowRates> tenants) {

  /** A node without an edge, or before the edge has started. */
  public static final EdgeLoad NONE = new EdgeLoad(Rates.ZERO, Rates.ZERO, 0, Map.of(), Map.of());
}
