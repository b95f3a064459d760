package io.atrium.sharding.jobs.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.atrium.sharding.Tenant;
import io.atrium.sharding.records.IdempotencyToken;
import io.atrium.sharding.records.RecordReply;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A row's write that times out is sent again with its token; the entity, stood in for here, applied the
 * first one late and answers the repeat with that outcome.
 */
class RecordWriterTest {

  private static final Tenant TENANT = new Tenant("acme");
  private static final IdempotencyToken TOKEN = new IdempotencyToken("import/job-1/7", "import");

  /** Applies the first write, but its first {@code lateAnswers} answers are lost to the ask timeout. */
  private static final class LateEntity implements RecordWriter {
    private final int lateAnswers;
    private final RuntimeException failure;
    int asked;
    int applied;
    RecordReply first;

    LateEntity(int lateAnswers, RuntimeException failure) {
      this.lateAnswers = lateAnswers;
      this.failure = failure;
    }

    @Override
    public CompletionStage<RecordReply> put(Tenant tenant, String collection, String key, String valueJson,
        IdempotencyToken token) {
      asked++;
      if (failure != null) {
        return CompletableFuture.failedFuture(failure);
      }
      if (first == null) {
        applied++;
        first = new RecordReply.Written(1, Instant.EPOCH, true);
      }
      return asked <= lateAnswers
          ? CompletableFuture.failedFuture(new TimeoutException("ask timed out"))
          : CompletableFuture.completedFuture(first);
    }
  }

  private static RecordReply put(RecordWriter writer) throws Exception {
    return writer.put(TENANT, "people", "7", "{}", TOKEN).toCompletableFuture().get();
  }

  @Test
  void aWriteAnsweredLateCountsAsWhatItsFirstAttemptDid() throws Exception {
    LateEntity entity = new LateEntity(2, null);
    RecordReply reply = put(RecordWriter.retryingTimeouts(entity, 3));
    assertEquals(new RecordReply.Written(1, Instant.EPOCH, true), reply);
    assertEquals(3, entity.asked);
    assertEquals(1, entity.applied);
  }

  @Test
  void everyAttemptTimedOutFailsTheWrite() {
    LateEntity entity = new LateEntity(3, null);
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> put(RecordWriter.retryingTimeouts(entity, 3)));
    assertInstanceOf(TimeoutException.class, failed.getCause());
    assertEquals(3, entity.asked);
  }

  @Test
  void otherFailuresAreNotRepeated() {
    LateEntity entity = new LateEntity(0, new IllegalStateException("journal refused"));
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> put(RecordWriter.retryingTimeouts(entity, 3)));
    assertInstanceOf(IllegalStateException.class, failed.getCause());
    assertEquals(1, entity.asked);
  }
}
