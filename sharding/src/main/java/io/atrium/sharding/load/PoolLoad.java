package io.atrium.sharding.load;

/**
 * One worker pool's figures on one node, as the adaptive router will weigh them.
 *
 * @param mailboxWaitMillis mean time a message waited in a routee's mailbox over the last interval
 * @param serviceTimeMillis mean time a routee spent on a message over the last interval
 * @param queueLength messages waiting in the pool's mailboxes when sampled
 * @param errorRate failed messages / processed messages over the last interval, 0..1
 */
public record PoolLoad(double mailboxWaitMillis, double serviceTimeMillis, long queueLength, double errorRate) {}
