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

  private AdmissionControl(SimpleLimiter<Void> limiter) {
    this.limiter = limiter;
  }

  public static AdmissionControl create(AdmissionSettings settings) {
    if (!settings.enabled()) {
      return new AdmissionControl(null);
    }
    return new AdmissionControl(SimpleLimiter.newBuilder().named("atrium-edge").limit(limit(settings)).build());
  }

  /** A permit, or empty when the node is at its limit. Always a permit when admission is off. */
  public Optional<Permit> tryAcquire() {
    if (limiter == null) {
      return Optional.of(Permit.UNLIMITED);
    }
    return limiter.acquire(null).map(Permit::new);
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

    static final Permit UNLIMITED = new Permit(null);

    private final Limiter.Listener listener;
    private final AtomicBoolean released = new AtomicBoolean();

    Permit(Limiter.Listener listener) {
      this.listener = listener;
    }

    /** The request was served (2xx–4xx): its latency is a valid sample for the limit. */
    public void succeeded() {
      if (listener != null && released.compareAndSet(false, true)) {
        listener.onSuccess();
      }
    }

    /** The request failed for lack of capacity (5xx, timeout): the limit should shrink. */
    public void dropped() {
      if (listener != null && released.compareAndSet(false, true)) {
        listener.onDropped();
      }
    }
  }
}
