package io.atrium.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RetryingAskTest {

  private final RetryingAsk retrying = new RetryingAsk(Duration.ofMillis(1500), Duration.ofSeconds(5));
  private final List<Duration> attempts = new ArrayList<>();

  /** An entity that answers the attempts in turn: a failure or a reply. */
  private Function<Duration, CompletionStage<String>> entity(Object... answers) {
    return timeout -> {
      Object answer = answers[attempts.size()];
      attempts.add(timeout);
      return answer instanceof Throwable error ? CompletableFuture.failedFuture(error)
          : CompletableFuture.completedFuture((String) answer);
    };
  }

  @Test
  void aRepeatableRequestThatTimesOutIsAskedOnceMoreWithTheRestOfTheBudget() throws Exception {
    String reply = retrying.ask(entity(new TimeoutException("lost with its node"), "moved"), true)
        .toCompletableFuture().get();

    assertEquals("moved", reply);
    assertEquals(List.of(Duration.ofMillis(1500), Duration.ofMillis(3500)), attempts);
  }

  @Test
  void aSecondTimeoutIsTheAnswer() {
    ExecutionException failure = assertThrows(ExecutionException.class, () -> retrying
        .ask(entity(new TimeoutException("1"), new TimeoutException("2")), true).toCompletableFuture().get());

    assertInstanceOf(TimeoutException.class, failure.getCause());
    assertEquals(2, attempts.size());
  }

  @Test
  void aRequestThatMustNotRepeatGetsOneAttemptWithTheWholeBudget() {
    assertThrows(ExecutionException.class, () -> retrying
        .ask(entity(new TimeoutException("lost")), false).toCompletableFuture().get());

    assertEquals(List.of(Duration.ofSeconds(5)), attempts);
  }

  @Test
  void otherFailuresAreNotRetried() {
    ExecutionException failure = assertThrows(ExecutionException.class, () -> retrying
        .ask(entity(new IllegalStateException("bug")), true).toCompletableFuture().get());

    assertInstanceOf(IllegalStateException.class, failure.getCause());
    assertEquals(1, attempts.size());
  }

  @Test
  void theFirstAttemptMustLeaveRoomForASecond() {
    assertThrows(IllegalArgumentException.class, () -> new RetryingAsk(Duration.ofSeconds(5), Duration.ofSeconds(5)));
  }
}
