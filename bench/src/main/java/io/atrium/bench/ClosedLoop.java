package io.atrium.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A fixed number of requests in flight for a fixed time, each completion starting the next one: the
 * same closed loop as wrk's connections, so that "64 connections" and "64 in flight" load the server
 * alike. One instance measures one run.
 */
final class ClosedLoop {

  /** What one run measured; latencies in microseconds, successful requests only. */
  record Result(Histogram latency, long errors, Duration elapsed) {

    double perSecond() {
      return latency.getTotalCount() / (elapsed.toNanos() / 1e9);
    }

    /** The line scripts/bench/records parses; same keys as the wrk script's report. */
    String reportLine() {
      return String.format(Locale.ROOT,
          "RESULT requests=%d errors=%d rps=%.1f mean_ms=%.3f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f",
          latency.getTotalCount(), errors, perSecond(), latency.getMean() / 1000,
          millis(50), millis(99), millis(99.9), latency.getMaxValue() / 1000.0);
    }

    private double millis(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  /** How long to wait past the deadline for the last requests (the driver's own timeout is 2 s). */
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(30);

  private final Supplier<CompletionStage<?>> request;
  // Records from the driver's I/O threads without locking.
  private final Recorder recorder = new Recorder(3);
  private final AtomicLong errors = new AtomicLong();
  private CountDownLatch finished;
  private long deadlineNanos;

  ClosedLoop(Supplier<CompletionStage<?>> request) {
    this.request = request;
  }

  Result run(int inFlight, Duration duration) throws InterruptedException {
    finished = new CountDownLatch(inFlight);
    long start = System.nanoTime();
    deadlineNanos = start + duration.toNanos();
    for (int i = 0; i < inFlight; i++) {
      next();
    }
    if (!finished.await(duration.plus(DRAIN_GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("requests still in flight " + DRAIN_GRACE.toSeconds() + " s after the end");
    }
    return new Result(recorder.getIntervalHistogram(), errors.get(), Duration.ofNanos(System.nanoTime() - start));
  }

  private void next() {
    long start = System.nanoTime();
    if (start >= deadlineNanos) {
      finished.countDown();
      return;
    }
    request.get().whenComplete((ignored, error) -> {
      if (error == null) {
        recorder.recordValue((System.nanoTime() - start) / 1000);
      } else {
        errors.incrementAndGet();
      }
      next();
    });
  }
}
