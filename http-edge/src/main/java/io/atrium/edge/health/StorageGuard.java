package io.atrium.edge.health;

import io.atrium.edge.WriteGuard;
import io.atrium.edge.errors.ErrorResponses;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses writes at once (503 {@code storage_unavailable}) while the node's storage does not answer.
 *
 * <p>Without it, a write during a Cassandra outage waits for the journal to time out (seconds), the
 * entity restarts with backoff, and the client gets a 503 only at the edge's ask timeout; meanwhile
 * every such write counts against the journal's circuit breaker. The guard probes the storage in the
 * background (the readiness check's own probe, through the journal's session) and refuses writes
 * after {@code failuresToRefuse} failed probes in a row; the first probe that succeeds lets them
 * through again. Reads go on: entities in memory answer without storage.
 */
public final class StorageGuard implements WriteGuard {

  private static final Logger LOG = LoggerFactory.getLogger(StorageGuard.class);

  private final ReadinessCheck storage;
  private final int failuresToRefuse;
  private final Duration retryAfter;
  private final AtomicInteger failuresInARow = new AtomicInteger();
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile String lastFailure = "";

  StorageGuard(ReadinessCheck storage, int failuresToRefuse, Duration retryAfter) {
    this.storage = storage;
    this.failuresToRefuse = failuresToRefuse;
    this.retryAfter = retryAfter;
  }

  /** A guard that probes {@code storage} every {@code settings.probeInterval()}; none when disabled. */
  public static Optional<StorageGuard> start(ActorSystem<?> system, StorageGuardSettings settings,
      ReadinessCheck storage, Duration retryAfter) {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    StorageGuard guard = new StorageGuard(storage, settings.failuresToRefuse(), retryAfter);
    system.scheduler().scheduleWithFixedDelay(settings.probeInterval(), settings.probeInterval(), guard::probe,
        system.executionContext());
    return Optional.of(guard);
  }

  /** Runs one probe unless the previous one is still out (a hung probe must not pile up more). */
  void probe() {
    if (!probing.compareAndSet(false, true)) {
      return;
    }
    try {
      storage.probe().get().whenComplete((detail, error) -> {
        probing.set(false);
        if (error == null) {
          succeeded();
        } else {
          failed(error);
        }
      });
    } catch (RuntimeException e) {
      probing.set(false);
      failed(e);
    }
  }

  private void succeeded() {
    if (failuresInARow.getAndSet(0) >= failuresToRefuse) {
      LOG.info("{} answers again: writes are accepted", storage.name());
    }
  }

  private void failed(Throwable error) {
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    lastFailure = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (failuresInARow.incrementAndGet() == failuresToRefuse) {
      LOG.warn("{} does not answer ({}): writes are refused with 503 until it does", storage.name(), lastFailure);
    }
  }

  /** Whether writes are refused now. */
  public boolean refusing() {
    return failuresInARow.get() >= failuresToRefuse;
  }

  @Override
  public Optional<HttpResponse> refusal() {
    if (!refusing()) {
      return Optional.empty();
    }
    return Optional.of(ErrorResponses.unavailable("storage_unavailable",
        "Writes are refused while " + storage.name() + " does not answer (" + lastFailure + "); reads go on",
        retryAfter));
  }
}
