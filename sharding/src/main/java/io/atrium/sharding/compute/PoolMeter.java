package io.atrium.sharding.compute;

import java.util.concurrent.TimeUnit;

/**
 * Service times and failures of one node's compute workers, sampled once per load report: the
 * service-time and error-rate figures of the pool's {@link io.atrium.sharding.load.PoolLoad}.
 * Workers record from their own threads; one reader (the load reporter) samples.
 */
final class PoolMeter {

  private static final double NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

  /** Service time and error rate since the previous sample. */
  record Sample(double serviceTimeMillis, double errorRate) {}

  private long count; // guarded by this
  private long failed;
  private long serviceNanos;
  /** The mean of the last interval that had completions (see {@link #sample}). */
  private double lastServiceTimeMillis;

  synchronized void record(long nanos, boolean failure) {
    count++;
    serviceNanos += nanos;
    if (failure) {
      failed++;
    }
  }

  /**
   * The figures since the previous sample. An interval without completions has no service time of
   * its own: while messages are queued (the workers are stuck on long ones) the last known mean
   * stands, since a queue of q still waits about q × S; an idle pool reports 0, the neutral value,
   * so a node the routers avoid is not held to a service time it may no longer have.
   *
   * @param queued messages waiting in the pool's mailboxes now
   */
  synchronized Sample sample(long queued) {
    if (count > 0) {
      lastServiceTimeMillis = serviceNanos / NANOS_PER_MILLI / count;
    }
    double serviceTime = count > 0 || queued > 0 ? lastServiceTimeMillis : 0;
    Sample sample = new Sample(serviceTime, count == 0 ? 0 : (double) failed / count);
    count = 0;
    failed = 0;
    serviceNanos = 0;
    return sample;
  }
}
