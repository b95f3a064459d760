package io.atrium.edge;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Asks an entity once more when the first attempt gets no answer in time, for requests that are safe
 * to repeat (reads, and writes the entity deduplicates by Idempotency-Key).
 *
 * <p>The point is failover: a request whose entity lived on a node that just crashed is lost with that
 * node. Waiting the whole ask timeout turns it into a 503; asking again after a short first attempt
 * reaches the entity on its new node once the shard has moved (about two seconds), within the same
 * total time budget.
 *
 * @param firstAttempt how long the first attempt may take
 * @param total the whole budget; the second attempt gets what the first left
 */
public record RetryingAsk(Duration firstAttempt, Duration total) {

  /** Runs a cheap callback on the thread that completed the future (never the common pool). */
  private static final Executor SAME_THREAD = Runnable::run;

  public RetryingAsk {
    if (firstAttempt.compareTo(total) >= 0) {
      throw new IllegalArgumentException("the first attempt (" + firstAttempt + ") must be shorter than the whole "
          + "ask timeout (" + total + ")");
    }
  }

  /**
   * @param ask one attempt, given its timeout
   * @param repeatable whether the request may be sent twice; if not, one attempt gets the whole budget
   */
  public <T> CompletionStage<T> ask(Function<Duration, CompletionStage<T>> ask, boolean repeatable) {
    if (!repeatable) {
      return ask.apply(total);
    }
    return ask.apply(firstAttempt).exceptionallyComposeAsync(error -> timedOut(error)
        ? ask.apply(total.minus(firstAttempt))
        : CompletableFuture.failedStage(error), SAME_THREAD);
  }

  private static boolean timedOut(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof TimeoutException;
  }
}
