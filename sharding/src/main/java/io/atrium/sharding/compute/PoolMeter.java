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
  /**
   * The mean of the last interval that had completions: how long a message takes is a property of
   * the node, not of this second's traffic, and a queue of q messages still waits about q × S when
   * none completed in the last interval (e.g. all workers stuck on long messages).
   */
  private double lastServiceTimeMillis;

  synchronized void record(long nanos, boolean failure) {
    count++;
    serviceNanos += nanos;
    if (failure) {
      failed++;
    }
  }

  synchronized Sample sample() {
    if (count > 0) {
      lastServiceTimeMillis = serviceNanos / NANOS_PER_MILLI / count;
    }
    Sample sample = new Sample(lastServiceTimeMillis, count == 0 ? 0 : (double) failed / count);
    count = 0;
    failed = 0;
    serviceNanos = 0;
    return sample;
  }
}
