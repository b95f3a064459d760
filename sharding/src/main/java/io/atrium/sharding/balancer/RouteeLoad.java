package io.atrium.sharding.balancer;

/**
 * What the router needs from a node's load report about one worker pool. The load-report
 * dissemination builds it; the router only reads it, discounting it as it ages. Out-of-range
 * figures are refused: a feeder whose source has no figure (e.g. the JVM reports CPU load -1)
 * passes the neutral value (CPU 0, heap headroom 1, no wait, no queue, no errors).
 *
 * @param cpuUtilization the node's CPU use, 0 (idle) … 1 (saturated)
 * @param heapHeadroom the free fraction of the node's maximum heap, 0 … 1
 * @param mailboxWaitMillis mean time a message to this pool waited in a mailbox before processing
 * @param serviceTimeMillis mean time a worker of this pool spent on one message
 * @param queuePerWorker messages waiting in the pool's mailboxes, divided by its workers
 * @param errorRate fraction of the pool's messages that failed, 0 … 1
 * @param sampledAtNanos when the figures were sampled, on the router's own nanosecond clock (the
 *     feeder converts: receipt time minus the age the report already had on arrival)
 */
public record RouteeLoad(
    double cpuUtilization,
    double heapHeadroom,
    double mailboxWaitMillis,
    double serviceTimeMillis,
    double queuePerWorker,
    double errorRate,
    long sampledAtNanos) {

  public RouteeLoad {
    requireFraction("cpuUtilization", cpuUtilization);
    requireFraction("heapHeadroom", heapHeadroom);
    requireFraction("errorRate", errorRate);
    requireNonNegative("mailboxWaitMillis", mailboxWaitMillis);
    requireNonNegative("serviceTimeMillis", serviceTimeMillis);
    requireNonNegative("queuePerWorker", queuePerWorker);
  }

  /**
   * The wait a message sent now should see before a worker takes it: the recent mailbox wait (which
   * lags) or the work already queued ahead of it (which leads), whichever is larger.
   */
  public double queueDelayMillis() {
    return Math.max(mailboxWaitMillis, queuePerWorker * serviceTimeMillis);
  }

  private static void requireFraction(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be within 0..1, was " + value);
    }
  }

  private static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite non-negative number, was " + value);
    }
  }
}
