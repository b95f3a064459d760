package io.atrium.edge.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.Test;

class StorageGuardTest {

  /** Probe answers handed out in order; each call takes the next. */
  private final Deque<CompletableFuture<String>> answers = new ArrayDeque<>();
  private final AtomicInteger probes = new AtomicInteger();
  private final StorageGuard guard = new StorageGuard(new ReadinessCheck("cassandra", this::next), 2,
      Duration.ofSeconds(1));

  private CompletionStage<String> next() {
    probes.incrementAndGet();
    return answers.removeFirst();
  }

  private void probeAnswering(CompletableFuture<String> answer) {
    answers.addLast(answer);
    guard.probe();
  }

  private void probeFailing() {
    probeAnswering(CompletableFuture.failedFuture(new IllegalStateException("No node was available")));
  }

  @Test
  void writesPassUntilTheConfiguredNumberOfProbesFailInARow() {
    assertFalse(guard.refusing(), "before any probe");
    probeFailing();
    assertFalse(guard.refusing(), "one lost probe is not an outage");
    probeAnswering(CompletableFuture.completedFuture("release 5.0.6"));
    probeFailing();
    assertFalse(guard.refusing(), "failures must be in a row");
    probeFailing();
    assertTrue(guard.refusing());
  }

  @Test
  void theRefusalIsA503NamingTheStorageAndWhy() {
    probeFailing();
    probeFailing();
    HttpResponse refusal = guard.refusal().orElseThrow();
    assertEquals(503, refusal.status().intValue());
    assertTrue(refusal.getHeader("Retry-After").isPresent());
    String body = ((HttpEntity.Strict) refusal.entity()).getData().utf8String();
    assertTrue(body.contains("storage_unavailable") && body.contains("cassandra")
        && body.contains("No node was available"), body);
  }

  @Test
  void theFirstSuccessfulProbeLetsWritesThroughAgain() {
    probeFailing();
    probeFailing();
    probeFailing();
    probeAnswering(CompletableFuture.completedFuture("release 5.0.6"));
    assertFalse(guard.refusing());
    assertTrue(guard.refusal().isEmpty());
  }

  @Test
  void aProbeStillOutIsNotJoinedByAnother() {
    CompletableFuture<String> hung = new CompletableFuture<>();
    probeAnswering(hung);
    guard.probe();
    guard.probe();
    assertEquals(1, probes.get(), "no new probe while one is out");
    hung.complete("release 5.0.6");
    probeFailing();
    assertEquals(2, probes.get());
  }
}
