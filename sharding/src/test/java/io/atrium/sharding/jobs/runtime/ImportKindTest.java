package io.atrium.sharding.jobs.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.atrium.sharding.Tenant;
import io.atrium.sharding.jobs.chunks.Chunk;
import io.atrium.sharding.jobs.imports.ImportCounts;
import io.atrium.sharding.jobs.imports.ImportFailure;
import io.atrium.sharding.jobs.imports.ImportFailureReason;
import io.atrium.sharding.jobs.imports.ImportMapping;
import io.atrium.sharding.jobs.imports.ImportParams;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import io.atrium.sharding.records.IdempotencyToken;
import io.atrium.sharding.records.RecordLimits;
import io.atrium.sharding.records.RecordReply;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An import chunk against record entities stood in for by a map that, like them, replays a write
 * whose idempotency token it has seen: per-row outcomes are counted, and a redelivered chunk counts
 * what its first run did, never the rows again as updates.
 */
class ImportKindTest {

  private static final RecordLimits LIMITS = RecordLimits.fromConfig(ConfigFactory.load());
  private static final ImportParams PARAMS = new ImportParams("people", "id");
  private static final String ROWS = String.join("\n",
      "{\"id\":1,\"name\":\"ada\"}",
      "{\"id\":2,\"name\":\"bob\"}",
      "{\"name\":\"nobody\"}",
      "{\"id\":1,\"name\":\"ada again\"}",
      "{\"id\":\"boom\"}",
      "{\"id\":3,\"name\":\"cy\"}") + "\n";

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("ImportKindTest");
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Records by key, and the first reply of every idempotency token, as the record entities keep them. */
  private static final class Records implements RecordWriter {
    final Map<String, String> values = new HashMap<>();
    final Map<String, RecordReply> replies = new HashMap<>();
    int writes;

    @Override
    public synchronized CompletionStage<RecordReply> put(Tenant tenant, String collection, String key,
        String valueJson, IdempotencyToken token) {
      RecordReply earlier = replies.get(token.key());
      if (earlier != null) {
        return CompletableFuture.completedFuture(earlier);
      }
      if (key.equals("boom")) {
        return CompletableFuture.failedFuture(new IllegalStateException("Cassandra timed out"));
      }
      writes++;
      RecordReply reply = new RecordReply.Written(1, Instant.EPOCH, values.put(key, valueJson) == null);
      replies.put(token.key(), reply);
      return CompletableFuture.completedFuture(reply);
    }
  }

  private static ImportKind kind(RecordWriter records, int parallelism) {
    return new ImportKind("job-1", new Tenant("acme"), PARAMS, ImportMapping.create(PARAMS, LIMITS), records,
        parallelism, 20, Materializer.matFromSystem(testKit.system()));
  }

  private static ImportCounts run(ImportKind kind) throws Exception {
    Chunk chunk = new Chunk(0, 1, 6, DatasetSchema.ndjson(), ByteString.fromString(ROWS));
    return (ImportCounts) kind.process(chunk, Runnable::run).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void everyRowCountsAsCreatedUpdatedOrFailedWithItsReason() throws Exception {
    Records records = new Records();
    ImportCounts counts = run(kind(records, 4));
    assertEquals(3, counts.created(), counts.toString());
    assertEquals(1, counts.updated(), counts.toString());
    assertEquals(2, counts.failed(), counts.toString());
    assertEquals(Map.of(ImportFailureReason.NO_KEY, 1L, ImportFailureReason.WRITE_FAILED, 1L),
        counts.failedByReason());
    assertEquals(List.of(3L, 5L), counts.firstFailures().stream().map(ImportFailure::line).toList());
    assertEquals("{\"id\":1,\"name\":\"ada again\"}", records.values.get("1"), "rows of one key apply in line order");
  }

  @Test
  void aRedeliveredChunkCountsWhatItsFirstRunDidAndWritesNothingAgain() throws Exception {
    Records records = new Records();
    ImportKind kind = kind(records, 4);
    ImportCounts first = run(kind);
    int writes = records.writes;
    ImportCounts again = run(kind);
    assertEquals(first, again);
    assertEquals(writes, records.writes);
  }
}
