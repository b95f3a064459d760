package io.atrium.sharding.load;

/**
 * One worker pool's figures on one node, as the adaptive router weighs them.
 *
 * @param mailboxWaitMillis mean time a message waited in a routee's mailbox over the last interval
 * @param serviceTimeMillis mean time a routee spent on a message over the last interval
 * @param queueLength messages waiting in the pool's mailboxes when sampled
 * @param workers the pool's routees on this node (its live mailboxes), so that a reader can tell
 *     the queue each one has ahead of a new message
 * @param errorRate failed messages / processed messages over the last interval, 0..1
 */
public record PoolLoad(double mailboxWaitMillis, double serviceTimeMillis, long queueLength, int workers,
    double errorRate) {

  /** Messages waiting per worker (0 without workers). */
  public double queuePerWorker() {
    return workers == 0 ? 0 : (double) queueLength / workers;
  }
}
