package io.atrium.sharding.jobs.datasets;

import io.atrium.sharding.Tenant;
import io.atrium.sharding.jobs.JobSettings;
import io.atrium.sharding.jobs.chunks.Chunk;
import io.atrium.sharding.jobs.chunks.DatasetChunker;
import io.atrium.sharding.jobs.rows.DataFormat;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import java.time.Clock;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Streams an upload into a {@link DatasetStore}: the body is cut into chunks as it arrives and each
 * chunk is written as soon as it is cut, so memory holds a few chunks, never the body. The dataset
 * becomes visible only when every chunk is stored; on any failure (a malformed line, a body over the
 * limit, the client going away, Cassandra failing) the chunks written so far are deleted and the
 * failure is passed on.
 */
public final class DatasetUpload {

  private final DatasetStore store;
  private final JobSettings jobs;
  private final DatasetSettings settings;
  private final Materializer materializer;
  private final Executor executor;
  private final Clock clock;

  public DatasetUpload(DatasetStore store, JobSettings jobs, DatasetSettings settings, Materializer materializer,
      Executor executor, Clock clock) {
    this.store = store;
    this.jobs = jobs;
    this.settings = settings;
    this.materializer = materializer;
    this.executor = executor;
    this.clock = clock;
  }

  /** Running totals of one upload; the schema is known once the first chunk is cut. */
  private static final class Totals {
    final AtomicLong bytes = new AtomicLong();
    /** Every chunk write begun: on failure the cleanup waits for them, or a late write would outlive it. */
    final Queue<CompletableFuture<Void>> writes = new ConcurrentLinkedQueue<>();
    long rows;
    int chunks;
    DatasetSchema schema;
  }

  public <M> CompletionStage<DatasetManifest> upload(Tenant tenant, DataFormat format, Source<ByteString, M> body) {
    String id = UUID.randomUUID().toString();
    var createdAt = clock.instant();
    Totals totals = new Totals();
    CompletionStage<DatasetManifest> stored = store.begin(tenant, id, format, createdAt)
        .thenComposeAsync(begun -> body
            .map(bytes -> {
              totals.bytes.addAndGet(bytes.size());
              return bytes;
            })
            .via(DatasetChunker.flow(format, jobs))
            .mapAsync(settings.writeParallelism(), chunk -> {
              CompletableFuture<Void> write = store.putChunk(tenant, id, chunk).toCompletableFuture();
              totals.writes.add(write);
              return write.thenApply(done -> chunk);
            })
            .runWith(Sink.fold(totals, DatasetUpload::add), materializer), executor)
        .thenComposeAsync(done -> {
          // No chunk: no row, so no schema was needed; an empty dataset reads the same in any format.
          DatasetSchema schema = done.schema != null ? done.schema : DatasetSchema.ndjson();
          DatasetManifest manifest = new DatasetManifest(id, schema, done.rows, done.chunks, done.bytes.get(), createdAt);
          return store.complete(tenant, manifest).thenApply(ignored -> manifest);
        }, executor);
    return stored.exceptionallyComposeAsync(error -> CompletableFuture
        .allOf(totals.writes.toArray(CompletableFuture[]::new))
        .handle((ignored, writeError) -> null)
        .thenCompose(ignored -> store.delete(tenant, id, totals.writes.size()))
        .handle((ignored, cleanupError) -> null)
        .thenCompose(ignored -> CompletableFuture.<DatasetManifest>failedFuture(error)), executor);
  }

  private static Totals add(Totals totals, Chunk chunk) {
    totals.rows += chunk.rows();
    totals.chunks++;
    totals.schema = chunk.schema();
    return totals;
  }
}
