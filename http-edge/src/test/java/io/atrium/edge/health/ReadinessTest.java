package io.atrium.edge.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  private static final Duration TIMEOUT = Duration.ofMillis(200);

  private static List<CheckResult> evaluate(ReadinessCheck... checks) {
    try {
      return new Readiness(List.of(checks), TIMEOUT).evaluate().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("evaluate() must always complete normally", e);
    }
  }

  private static ReadinessCheck passing(String name, String detail) {
    return new ReadinessCheck(name, () -> CompletableFuture.completedFuture(detail));
  }

  private static ReadinessCheck failing(String name, Throwable error) {
    return new ReadinessCheck(name, () -> CompletableFuture.failedFuture(error));
  }

  @Test
  void noChecksMeansReady() {
    assertEquals(List.of(), evaluate());
  }

  @Test
  void reportsEveryCheckInOrderWithItsDetail() {
    assertEquals(List.of(new CheckResult("a", true, "fine"), new CheckResult("b", true, "2 brokers")),
        evaluate(passing("a", "fine"), passing("b", "2 brokers")));
  }

  @Test
  void failedProbeReportsItsMessage() {
    assertEquals(List.of(new CheckResult("a", true, "fine"), new CheckResult("db", false, "connection refused")),
        evaluate(passing("a", "fine"), failing("db", new IllegalStateException("connection refused"))));
  }

  @Test
  void wrappedFailureReportsTheCause() {
    List<CheckResult> results = evaluate(failing("db", new CompletionException(new IllegalStateException("inner"))));

    assertEquals(new CheckResult("db", false, "inner"), results.get(0));
  }

  @Test
  void failureWithoutMessageReportsTheExceptionType() {
    assertEquals("IllegalStateException", evaluate(failing("db", new IllegalStateException())).get(0).detail());
    assertEquals("IllegalStateException", evaluate(failing("db", new IllegalStateException(" "))).get(0).detail());
  }

  @Test
  void throwingSupplierIsAFailedCheckAndTheOthersStillRun() {
    List<CheckResult> results = evaluate(
        new ReadinessCheck("broken", () -> {
          throw new IllegalStateException("not initialised");
        }),
        passing("ok", "fine"));

    assertEquals(List.of(new CheckResult("broken", false, "not initialised"), new CheckResult("ok", true, "fine")),
        results);
  }

  @Test
  void supplierReturningNullIsAFailedCheck() {
    CheckResult result = evaluate(new ReadinessCheck("null", () -> null)).get(0);

    assertEquals("null", result.name());
    assertFalse(result.ok());
  }

  @Test
  void probeThatNeverAnswersFailsAfterTheTimeout() {
    long start = System.nanoTime();

    List<CheckResult> results = evaluate(new ReadinessCheck("stuck", CompletableFuture::new), passing("ok", "fine"));

    assertEquals(List.of(new CheckResult("stuck", false, "no answer within 200 ms"), new CheckResult("ok", true, "fine")),
        results);
    assertTrue(System.nanoTime() - start >= TIMEOUT.toNanos(), "must not give up before the timeout");
  }

  @Test
  void checksRunConcurrently() {
    // "first" can only pass if "second" is started while "first" is still waiting.
    CompletableFuture<String> first = new CompletableFuture<>();
    List<CheckResult> results = evaluate(
        new ReadinessCheck("first", () -> first),
        new ReadinessCheck("second", () -> {
          first.complete("released by second");
          return CompletableFuture.completedFuture("fine");
        }));

    assertEquals(new CheckResult("first", true, "released by second"), results.get(0));
    assertTrue(results.get(1).ok());
  }

  @Test
  void probesAreCalledOnEveryEvaluation() {
    int[] calls = {0};
    Readiness readiness = new Readiness(List.of(new ReadinessCheck("counted", () -> {
      calls[0]++;
      return CompletableFuture.completedFuture("call " + calls[0]);
    })), TIMEOUT);

    readiness.evaluate().toCompletableFuture().join();
    List<CheckResult> second = readiness.evaluate().toCompletableFuture().join();

    assertEquals(2, calls[0]);
    assertEquals("call 2", second.get(0).detail());
  }

  @Test
  void timingOutLeavesTheChecksOwnFutureAlone() {
    CompletableFuture<String> started = new CompletableFuture<>();

    evaluate(new ReadinessCheck("started", () -> started));

    assertFalse(started.isDone(), "the check's future belongs to the check: " + started);
  }

  @Test
  void checkWithACachedFutureRecoversOnceItCompletes() {
    CompletableFuture<String> schemaApplied = new CompletableFuture<>();
    ReadinessCheck check = new ReadinessCheck("schema", () -> schemaApplied);
    assertFalse(evaluate(check).get(0).ok());

    schemaApplied.complete("applied");

    assertEquals(new CheckResult("schema", true, "applied"), evaluate(check).get(0));
  }

  @Test
  void minimalCompletionStagesAreAccepted() {
    assertEquals(new CheckResult("minimal", true, "fine"), evaluate(new ReadinessCheck("minimal",
        () -> CompletableFuture.completedFuture("fine").minimalCompletionStage())).get(0));
  }

  @Test
  void aReusedCheckAsksItsProbeAtMostOncePerMaxAge() {
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    ReadinessCheck check = new ReadinessCheck("db", () -> CompletableFuture.completedFuture("probe " + asked.incrementAndGet()))
        .reusedFor(Duration.ofSeconds(1), clock::get);

    assertEquals("probe 1", evaluate(check).get(0).detail());
    clock.addAndGet(Duration.ofMillis(999).toNanos());
    assertEquals("probe 1", evaluate(check).get(0).detail(), "within the max age: the same answer");
    clock.addAndGet(Duration.ofMillis(1).toNanos());
    assertEquals("probe 2", evaluate(check).get(0).detail(), "at the max age: asked again");
    assertEquals(2, asked.get());
  }

  @Test
  void aReusedFailureIsStillAFailure() {
    ReadinessCheck check = failing("db", new IllegalStateException("down")).reusedFor(Duration.ofSeconds(1), () -> 0);

    evaluate(check);
    assertEquals(new CheckResult("db", false, "down"), evaluate(check).get(0));
  }
}
