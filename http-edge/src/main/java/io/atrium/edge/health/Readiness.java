package io.atrium.edge.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs every readiness check at once; the node is ready only when all of them pass. */
public final class Readiness {

  private final List<ReadinessCheck> checks;
  private final Duration timeout;

  public Readiness(List<ReadinessCheck> checks, Duration timeout) {
    this.checks = List.copyOf(checks);
    this.timeout = timeout;
  }

  public CompletionStage<List<CheckResult>> evaluate() {
    List<CompletableFuture<CheckResult>> running = checks.stream().map(this::run).toList();
    return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
        .thenApply(done -> running.stream().map(CompletableFuture::join).toList());
  }

  private CompletableFuture<CheckResult> run(ReadinessCheck check) {
    // A future of our own: orTimeout completes the future it is called on, and the check's future
    // may be shared (e.g. a cached "started" future) - timing it out would fail it for good.
    CompletableFuture<String> probe = new CompletableFuture<>();
    try {
      check.probe().get().whenComplete((detail, error) -> {
        if (error == null) {
          probe.complete(detail);
        } else {
          probe.completeExceptionally(error);
        }
      });
    } catch (RuntimeException e) {
      probe.completeExceptionally(e);
    }
    return probe
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((detail, error) -> error == null
            ? new CheckResult(check.name(), true, detail)
            : new CheckResult(check.name(), false, reason(error)));
  }

  private String reason(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof TimeoutException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
