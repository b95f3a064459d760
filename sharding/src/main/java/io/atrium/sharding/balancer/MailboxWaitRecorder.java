package io.atrium.sharding.balancer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Mailbox waits and queue length of one worker pool (all its {@link WaitMeasuringMailbox}es on
 * this node). Mailboxes record from any thread without locking; the load sampler reads a
 * {@link MailboxWaitSample} of the interval since its previous read.
 */
public final class MailboxWaitRecorder {

  /** Waits are kept in microseconds up to an hour; a longer one is recorded as an hour. */
  private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
  /** 1 % value precision. */
  private static final int SIGNIFICANT_DIGITS = 2;
  private static final double MICROS_PER_MILLI = 1000;
  private static final double P99 = 99;

  private final Recorder waits = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
  private final AtomicLong queued = new AtomicLong();
  private final AtomicInteger mailboxes = new AtomicInteger();
  private Histogram interval; // guarded by this

  void mailboxOpened() {
    mailboxes.incrementAndGet();
  }

  void mailboxClosed() {
    mailboxes.decrementAndGet();
  }

  void enqueued() {
    queued.incrementAndGet();
  }

  void dequeued(long waitNanos) {
    queued.decrementAndGet();
    waits.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(waitNanos))));
  }

  /** A message left the queue without being processed (its actor stopped). */
  void discarded() {
    queued.decrementAndGet();
  }

  /** The waits since the previous sample, and the queues now. Meant for one reader (the sampler). */
  public synchronized MailboxWaitSample sample() {
    interval = waits.getIntervalHistogram(interval);
    long count = interval.getTotalCount();
    return new MailboxWaitSample(
        count,
        count == 0 ? 0 : interval.getMean() / MICROS_PER_MILLI,
        interval.getValueAtPercentile(P99) / MICROS_PER_MILLI,
        interval.getMaxValue() / MICROS_PER_MILLI,
        Math.max(0, queued.get()),
        Math.max(0, mailboxes.get()));
  }

  /**
   * Mailbox waits of one pool over one sampling interval, and its queues at the end of it.
   *
   * @param count messages taken out of the pool's mailboxes in the interval
   * @param meanMillis their mean wait (0 when none)
   * @param p99Millis 99th percentile wait
   * @param maxMillis longest wait
   * @param queued messages waiting now, over all the pool's mailboxes on this node
   * @param mailboxes the pool's live mailboxes (workers) on this node
   */
  public record MailboxWaitSample(long count, double meanMillis, double p99Millis, double maxMillis,
      long queued, int mailboxes) {

    /** Messages waiting per worker: the queue a new message joins. */
    public double queuePerWorker() {
      return mailboxes == 0 ? 0 : (double) queued / mailboxes;
    }
  }
}
