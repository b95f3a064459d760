package io.atrium.edge.traffic;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The body of {@code GET /ops/load}: one node's traffic figures. Kept flat at the top level so that a
 * later {@code cluster} section (the sum over all members) can sit beside the node's own figures.
 *
 * @param node this node's cluster address
 * @param lambda arrival rate λ = N/T of service requests, per second
 * @param completed completion rate Q = N_processed/T of admitted service requests, per second
 * @param inFlight admitted service requests not yet answered
 * @param concurrencyLimit the current admission limit; absent when admission is off
 * @param shed service requests turned away (overloaded) or cut off (timeout), since start
 * @param rejected client errors (4xx) by status, since start
 * @param errors server errors (5xx other than shedding and timeouts) by status, since start
 */
public record LoadReport(
    String node,
    Rates lambda,
    Rates completed,
    long inFlight,
    Integer concurrencyLimit,
    Map<String, Long> shed,
    Map<String, Long> rejected,
    Map<String, Long> errors,
    Map<String, RouteLoad> routes,
    Map<String, TenantLoad> tenants) {

  /** Per-second rates over the last 1, 10 and 60 complete seconds. */
  public record Rates(@JsonProperty("1s") double oneSecond, @JsonProperty("10s") double tenSeconds,
                      @JsonProperty("60s") double sixtySeconds) {}

  /** Latency in milliseconds over a window; {@code count} is how many requests it covers. */
  public record Latency(long count, double p50, double p90, double p99, double p999, double max) {}

  public record Latencies(@JsonProperty("10s") Latency tenSeconds, @JsonProperty("60s") Latency sixtySeconds) {}

  public record RouteLoad(Rates lambda, Rates completed, Latencies latency) {}

  public record TenantLoad(Rates lambda, Rates completed) {}
}
