package io.atrium.edge.health;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One dependency the node needs before it should receive traffic.
 *
 * @param name shown in the readiness body ("cluster", "cassandra", "kafka")
 * @param probe completes with a short detail when healthy, fails with the reason otherwise
 */
public record ReadinessCheck(String name, Supplier<CompletionStage<String>> probe) {

  /** A probe's answer (or the question still in flight) and when it was asked (nanoTime). */
  private record Asked(long atNanos, CompletionStage<String> answer) {}

  /**
   * This check asking its probe at most once per {@code maxAge}: load balancers that poll readiness
   * several times a second share one probe of the dependency (and one question in flight) instead of
   * adding load to it. {@link Duration#ZERO} asks every time.
   */
  public ReadinessCheck reusedFor(Duration maxAge, LongSupplier nanoClock) {
    if (maxAge.isZero()) {
      return this;
    }
    AtomicReference<Asked> last = new AtomicReference<>();
    return new ReadinessCheck(name, () -> {
      long now = nanoClock.getAsLong();
      Asked previous = last.get();
      if (previous != null && now - previous.atNanos() < maxAge.toNanos()) {
        return previous.answer();
      }
      Asked fresh = new Asked(now, probe.get());
      // Two callers at once may both ask; the later answer is kept, neither is wrong.
      last.set(fresh);
      return fresh.answer();
    });
  }
}
