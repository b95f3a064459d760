package io.atrium.sharding.load;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * Where a node's report gets the figures other components own. Each component registers its
 * supplier once it has started; until then its part of the report is empty. Suppliers are called on
 * the reporter's thread about once a second, so they must be cheap and thread-safe.
 */
public final class LoadSources {

  private volatile Supplier<EdgeLoad> edge = () -> EdgeLoad.NONE;
  private volatile Supplier<Map<String, PoolLoad>> pools = Map::of;
  private volatile OptionalDouble processCpuFault = OptionalDouble.empty();

  /** The HTTP edge: λ, Q, in-flight, per route and per tenant. */
  public void edge(Supplier<EdgeLoad> source) {
    this.edge = source;
  }

  /** The worker pools: mailbox wait, service time, queue length and error rate per pool. */
  public void pools(Supplier<Map<String, PoolLoad>> source) {
    this.pools = source;
  }

  /**
   * Fault injection for tests and benchmarks ({@code atrium.faults}): reports this process CPU
   * (0..1) instead of the measured one, so that the cluster sees this node as busy or idle; empty
   * reports the measured value again.
   */
  public void processCpuFault(OptionalDouble cpu) {
    this.processCpuFault = cpu;
  }

  OptionalDouble processCpuFault() {
    return processCpuFault;
  }

  EdgeLoad edge() {
    return edge.get();
  }

  Map<String, PoolLoad> pools() {
    return Map.copyOf(pools.get());
  }
}
