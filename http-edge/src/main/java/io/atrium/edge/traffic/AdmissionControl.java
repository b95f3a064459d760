package io.atrium.edge.traffic;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node's concurrency limit on service requests. A request either gets a {@link Permit} at once
 * or is turned away: no queue, because a queued request under overload only waits to time out while
 * making everyone else's latency worse. The limit adapts to measured latency (Netflix
 * concurrency-limits), so admitted requests keep their latency when offered load exceeds capacity.
 */
public final class AdmissionControl {

  private final SimpleLimiter<Void> limiter;
  private final long stallNanos;

  private AdmissionControl(SimpleLimiter<Void> limiter, long stallNanos) {
    this.limiter = limiter;
    this.stallNanos = stallNanos;
  }

  public static AdmissionControl create(AdmissionSettings settings) {
    if (!settings.enabled()) {
      return new AdmissionControl(null, Long.MAX_VALUE);
    }
    return new AdmissionControl(SimpleLimiter.newBuilder().named("atrium-edge").limit(limit(settings)).build(),
        settings.stallThreshold().toNanos());
  }

  /** A permit, or empty when the node is at its limit. Always a permit when admission is off. */
  public Optional<Permit> tryAcquire() {
    if (limiter == null) {
      return Optional.of(Permit.UNLIMITED);
    }
    return limiter.acquire(null).map(listener -> new Permit(listener, stallNanos));
  }

  /** The current limit; empty when admission is off. */
  public OptionalInt limit() {
    return limiter == null ? OptionalInt.empty() : OptionalInt.of(limiter.getLimit());
  }

  static Limit limit(AdmissionSettings settings) {
    return switch (settings.algorithm()) {
      case FIXED -> FixedLimit.of(settings.initialLimit());
      case GRADIENT2 -> Gradient2Limit.newBuilder()
          .initialLimit(settings.initialLimit())
          .minLimit(settings.minLimit())
          .maxConcurrency(settings.maxLimit())
          .rttTolerance(settings.rttTolerance())
          .smoothing(settings.smoothing())
          .longWindow(settings.longWindow())
          .queueSize(settings.queueSize())
          .build();
      // Vegas has no lower bound of its own; min-limit applies to gradient2 only.
      case VEGAS -> VegasLimit.newBuilder()
          .initialLimit(settings.initialLimit())
          .maxConcurrency(settings.maxLimit())
          .smoothing(settings.smoothing())
          .build();
    };
  }

  /**
   * One admitted request's share of the limit. Released exactly once, whichever of response,
   * error or timeout comes first; later releases are ignored, so no path can free a slot twice.
   */
  public static final class Permit {

    static final Permit UNLIMITED = new Permit(null, Long.MAX_VALUE);

    private final Limiter.Listener listener;
    private final long stallNanos;
    private final AtomicBoolean released = new AtomicBoolean();

    Permit(Limiter.Listener listener, long stallNanos) {
      this.listener = listener;
      this.stallNanos = stallNanos;
    }

    /**
     * The request was served (2xx–4xx): its latency is a sample for the limit, unless it took longer
     * than the stall threshold (then it waited on something else than this node's capacity).
     */
    public void succeeded(long latencyNanos) {
      if (latencyNanos > stallNanos) {
        ignored();
      } else if (listener != null && released.compareAndSet(false, true)) {
        listener.onSuccess();
      }
    }

    /** The service answered 5xx (e.g. its entity did not answer): release the slot, learn nothing. */
    public void ignored() {
      if (listener != null && released.compareAndSet(false, true)) {
        listener.onIgnore();
      }
    }

    /** The request ran into the edge's request timeout: the node is past its capacity, shrink. */
    public void dropped() {
      if (listener != null && released.compareAndSet(false, true)) {
        listener.onDropped();
      }
    }
  }
}
