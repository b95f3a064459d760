package io.atrium.sharding.balancer;

import io.atrium.persistence.serialization.CborSerializable;
import java.util.List;

/**
 * A router's view of its routees, for {@code GET /ops/balancer}.
 *
 * @param serviceKey the pool's Receptionist key id
 * @param strategy the strategy's configured name
 * @param windowSeconds the span of share, λ and the percentiles
 * @param routees one entry per routee, in the router's order
 */
public record BalancerSnapshot(String serviceKey, String strategy, int windowSeconds, List<Routee> routees)
    implements CborSerializable {

  /**
   * One routee.
   *
   * @param routee the routee's actor path with its node address
   * @param weight the strategy's weight w_i now (1 for strategies without weights)
   * @param share this routee's fraction of the messages routed in the window (0 when none were)
   * @param lambda λ_i: messages routed to it per second over the window
   * @param inFlight this router's messages to it not answered yet
   * @param p50Millis median latency over the window (0 without completions)
   * @param p99Millis 99th percentile latency over the window
   * @param latencyEwmaMillis the router's EWMA of its latency
   * @param peakEwmaMillis the router's peak-sensitive EWMA (decays while idle)
   * @param errorRate the router's EWMA of its failures and timeouts
   * @param ejected whether the atrium strategy has ejected it
   * @param admission admitted, ejected or probation
   */
  public record Routee(
      String routee,
      double weight,
      double share,
      double lambda,
      int inFlight,
      double p50Millis,
      double p99Millis,
      double latencyEwmaMillis,
      double peakEwmaMillis,
      double errorRate,
      boolean ejected,
      String admission) implements CborSerializable {}
}
