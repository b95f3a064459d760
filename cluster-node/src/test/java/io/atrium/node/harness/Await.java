package io.atrium.node.harness;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: tests wait for facts, never for time. */
public final class Await {

  private static final Duration POLL = Duration.ofMillis(200);

  /** A fact to wait for; an exception (a refused connection, a node still starting) means "not yet". */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  private Await() {}

  public static void until(String what, Duration timeout, Condition condition) {
    until(what, timeout, condition, () -> "");
  }

  /** Like {@link #until(String, Duration, Condition)}, adding {@code context} to the failure. */
  public static void until(String what, Duration timeout, Condition condition, Supplier<String> context) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception lastError = null;
    while (true) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      } catch (Exception e) {
        lastError = e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what + ". " + context.get()
            + (lastError == null ? "" : " Last error: " + lastError), lastError);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
