package io.atrium.edge.traffic;

import java.util.Map;

/**
 * Service requests since the node started, per route template and per tenant: the monotonic
 * counters behind {@code /metrics}, from which a scraper computes its own rates. Read from the same
 * counters as λ and Q, so a request is recorded once.
 */
public record TrafficTotals(Map<String, Count> routes, Map<String, Count> tenants) {

  /** Requests that arrived, and admitted requests the service answered. */
  public record Count(long arrived, long completed) {}
}
