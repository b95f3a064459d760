package io.atrium.sharding.compute;

import io.atrium.sharding.balancer.RouteeLoad;
import io.atrium.sharding.load.NodeLoad;
import io.atrium.sharding.load.PoolLoad;

/**
 * A node's load report as the router needs it for one pool ({@link NodeLoad} → {@link RouteeLoad}).
 * A figure the report lacks gets its neutral value: CPU 0 when the platform cannot tell, full heap
 * headroom without a heap limit, no wait, queue or errors when the node runs no such pool.
 */
final class RouteeLoads {

  private RouteeLoads() {}

  /**
   * CPU is the node's own ({@code processCpu}), not the machine's: for nodes that share a machine
   * (tests, benchmarks, small deployments) the machine's figure is one contention sampled by each
   * node at another instant, and near saturation those samples differ from second to second by
   * more than the CPU knee allows, which would put random factors of up to 1/min-factor between the
   * nodes' weights. Contention from other processes shows in the latencies and service times.
   *
   * @param sampledAtNanos when the report was sampled, on the router's nanosecond clock
   */
  static RouteeLoad of(NodeLoad report, String pool, long sampledAtNanos) {
    double cpu = Math.max(0, report.processCpu());
    double heapHeadroom = report.heapMax() > 0
        ? clamp(1 - (double) report.heapUsed() / report.heapMax())
        : 1;
    PoolLoad figures = report.pools().get(pool);
    if (figures == null) {
      return new RouteeLoad(clamp(cpu), heapHeadroom, 0, 0, 0, 0, sampledAtNanos);
    }
    return new RouteeLoad(clamp(cpu), heapHeadroom, nonNegative(figures.mailboxWaitMillis()),
        nonNegative(figures.serviceTimeMillis()), nonNegative(figures.queuePerWorker()),
        clamp(figures.errorRate()), sampledAtNanos);
  }

  private static double clamp(double fraction) {
    return Double.isNaN(fraction) ? 0 : Math.min(1, Math.max(0, fraction));
  }

  private static double nonNegative(double value) {
    return Double.isFinite(value) && value > 0 ? value : 0;
  }
}
