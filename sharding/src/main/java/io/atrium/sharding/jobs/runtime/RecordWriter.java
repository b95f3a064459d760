package io.atrium.sharding.jobs.runtime;

import io.atrium.sharding.Tenant;
import io.atrium.sharding.records.IdempotencyToken;
import io.atrium.sharding.records.RecordReply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/** Writes one record through its entity, as {@code PUT /v1/records/…} does. */
@FunctionalInterface
public interface RecordWriter {

  CompletionStage<RecordReply> put(Tenant tenant, String collection, String key, String valueJson,
      IdempotencyToken token);

  /**
   * {@code writer}, with a write that is not answered in time sent again with the same token, up to
   * {@code attempts} times in all. An unanswered write may still land (an entity busy recovering under
   * load answers late): counted as failed, its row would be a record the import says it did not write.
   * Its entity answers the repeat with the first write's outcome, so the row counts once, as what it did.
   */
  static RecordWriter retryingTimeouts(RecordWriter writer, int attempts) {
    return new RecordWriter() {
      @Override
      public CompletionStage<RecordReply> put(Tenant tenant, String collection, String key, String valueJson,
          IdempotencyToken token) {
        return attempt(tenant, collection, key, valueJson, token, 1);
      }

      private CompletionStage<RecordReply> attempt(Tenant tenant, String collection, String key, String valueJson,
          IdempotencyToken token, int attempt) {
        return writer.put(tenant, collection, key, valueJson, token).exceptionallyCompose(error ->
            attempt < attempts && isTimeout(error)
                ? attempt(tenant, collection, key, valueJson, token, attempt + 1)
                : CompletableFuture.failedFuture(error));
      }
    };
  }

  private static boolean isTimeout(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof TimeoutException;
  }
}
