package io.atrium.edge.traffic;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The node's concurrency limit on service requests. A request either gets a {@link Permit} at once
 * or is turned away: no queue, because a queued request under overload only waits to time out while
 * making everyone else's latency worse. The limit adapts to measured latency (Netflix
 * concurrency-limits), so admitted requests keep their latency when offered load exceeds capacity.
 *
 * <p>Except during a handover: for {@code handover-grace} after the node sees shards start to move
 * (a member joins, leaves, crashes or is cut off), a request over the limit is admitted anyway. Those
 * requests wait for a shard's new home, not for this node's CPU, and there are many of them at once
 * (every request for a moving shard for seconds). Gradient2 does not raise a limit it does not use
 * ("app-limited"), so a limit that fell to min-limit during a node's cold start stays there, and
 * FailoverIT saw its survivors shed 180–270 healthy writes (503 overloaded) during a crash's handover:
 * most of the error window.
 */
public final class AdmissionControl {

  private final SimpleLimiter<Void> limiter;
  private final long stallNanos;
  private final long handoverGraceNanos;
  private final LongSupplier clock;
  /** Until when (clock) requests over the limit are admitted; see {@link #handoverObserved()}. */
  private volatile long handoverUntilNanos;
  private final AtomicLong admittedInHandover = new AtomicLong();
  /** Admitted requests still holding their slot, for {@link #releaseStalled}. */
  private final Set<Permit> holding = ConcurrentHashMap.newKeySet();
  /** Requests that gave their slot back as stalled and are still running. */
  private final AtomicInteger stalledRunning = new AtomicInteger();

  private AdmissionControl(SimpleLimiter<Void> limiter, long stallNanos, long handoverGraceNanos, LongSupplier clock) {
    this.limiter = limiter;
    this.stallNanos = stallNanos;
    this.handoverGraceNanos = handoverGraceNanos;
    this.clock = clock;
    this.handoverUntilNanos = clock.getAsLong();
  }

  public static AdmissionControl create(AdmissionSettings settings) {
    return create(settings, System::nanoTime);
  }

  static AdmissionControl create(AdmissionSettings settings, LongSupplier clock) {
    if (!settings.enabled()) {
      return new AdmissionControl(null, Long.MAX_VALUE, 0, clock);
    }
    return new AdmissionControl(SimpleLimiter.newBuilder().named("atrium-edge").limit(limit(settings)).build(),
        settings.stallThreshold().toNanos(), settings.handoverGrace().toNanos(), clock);
  }

  /**
   * A permit, or empty when the node is at its limit and not in a handover. Always a permit when
   * admission is off. A request admitted over the limit in a handover holds no slot and teaches the
   * limit nothing.
   */
  public Optional<Permit> tryAcquire() {
    if (limiter == null) {
      return Optional.of(Permit.UNLIMITED);
    }
    long now = clock.getAsLong();
    Optional<Permit> permit = limiter.acquire(null).map(listener -> {
      Permit held = new Permit(this, listener, now);
      holding.add(held);
      return held;
    });
    if (permit.isEmpty() && now - handoverUntilNanos < 0) {
      admittedInHandover.incrementAndGet();
      return Optional.of(Permit.UNLIMITED);
    }
    return permit;
  }

  /** Shards are about to move: admit over the limit for the next handover-grace (extends a running one). */
  public void handoverObserved() {
    handoverUntilNanos = clock.getAsLong() + handoverGraceNanos;
  }

  /** Requests admitted over the limit during handovers since the node started. */
  public long admittedInHandover() {
    return admittedInHandover.get();
  }

  /**
   * Gives back the slots of requests running longer than the stall threshold, as long as fewer
   * stalled requests are still running than the current limit. Such a request waits on something
   * other than this node's capacity — typically a shard moving to another node after a crash or
   * during a rolling restart, where sharding buffers it for seconds. Holding their slots, a few
   * hundred buffered requests would make the node shed healthy traffic (503) for the whole handover.
   * Called periodically (see HttpEdge); the cap keeps a node whose requests are all slow from
   * admitting without bound.
   */
  public int releaseStalled() {
    if (limiter == null) {
      return 0;
    }
    long now = clock.getAsLong();
    int released = 0;
    for (Permit permit : holding) {
      if (stalledRunning.get() >= limiter.getLimit()) {
        break;
      }
      if (now - permit.startNanos > stallNanos && permit.stalled()) {
        released++;
      }
    }
    return released;
  }

  /** Requests that gave their slot back as stalled and have not ended yet. */
  public int stalledRunning() {
    return stalledRunning.get();
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
   * One admitted request's share of the limit. Its slot is released exactly once, whichever of
   * response, error, timeout or {@link #releaseStalled} comes first; later releases are ignored, so
   * no path can free a slot twice.
   */
  public static final class Permit {

    static final Permit UNLIMITED = new Permit(null, null, 0);

    private enum State { HOLDING, STALLED, ENDED }

    private final AdmissionControl owner;
    private final Limiter.Listener listener;
    private final long startNanos;
    private final AtomicReference<State> state = new AtomicReference<>(State.HOLDING);

    Permit(AdmissionControl owner, Limiter.Listener listener, long startNanos) {
      this.owner = owner;
      this.listener = listener;
      this.startNanos = startNanos;
    }

    /**
     * The request was served (2xx–4xx): its latency is a sample for the limit, unless it took longer
     * than the stall threshold (then it waited on something else than this node's capacity).
     */
    public void succeeded(long latencyNanos) {
      if (owner != null && latencyNanos > owner.stallNanos) {
        ignored();
      } else if (end()) {
        listener.onSuccess();
      }
    }

    /** The service answered 5xx (e.g. its entity did not answer): release the slot, learn nothing. */
    public void ignored() {
      if (end()) {
        listener.onIgnore();
      }
    }

    /** The request ran into the edge's request timeout: the node is past its capacity, shrink. */
    public void dropped() {
      if (end()) {
        listener.onDropped();
      }
    }

    /** Gives the slot back while the request goes on; true if it still held one. */
    private boolean stalled() {
      if (!state.compareAndSet(State.HOLDING, State.STALLED)) {
        return false;
      }
      owner.holding.remove(this);
      owner.stalledRunning.incrementAndGet();
      listener.onIgnore();
      return true;
    }

    /** Ends the request; true if it still held its slot (the caller releases it to the limiter). */
    private boolean end() {
      if (owner == null) {
        return false;
      }
      State previous = state.getAndSet(State.ENDED);
      if (previous == State.HOLDING) {
        owner.holding.remove(this);
        return true;
      }
      if (previous == State.STALLED) {
        owner.stalledRunning.decrementAndGet();
      }
      return false;
    }
  }
}
