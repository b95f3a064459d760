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
   * CPU is the machine's ({@code systemCpu}), falling back to the process's: contention from another
   * process on the machine (a CPU hog, a noisy neighbour) slows the pool as much as its own work.
   * Nodes sharing one machine all report the same figure, which leaves their relative weights alone.
   *
   * @param sampledAtNanos when the report was sampled, on the router's nanosecond clock
   */
  static RouteeLoad of(NodeLoad report, String pool, long sampledAtNanos) {
    double cpu = report.systemCpu() >= 0 ? report.systemCpu() : Math.max(0, report.processCpu());
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
