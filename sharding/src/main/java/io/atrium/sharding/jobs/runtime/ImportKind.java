package io.atrium.sharding.jobs.runtime;

import io.atrium.sharding.Tenant;
import io.atrium.sharding.jobs.JobPartial;
import io.atrium.sharding.jobs.JobResult;
import io.atrium.sharding.jobs.Merger;
import io.atrium.sharding.jobs.chunks.Chunk;
import io.atrium.sharding.jobs.imports.ImportCounts;
import io.atrium.sharding.jobs.imports.ImportFailureReason;
import io.atrium.sharding.jobs.imports.ImportMapping;
import io.atrium.sharding.jobs.imports.ImportParams;
import io.atrium.sharding.jobs.imports.ImportRow;
import io.atrium.sharding.jobs.imports.ImportTally;
import io.atrium.sharding.records.IdempotencyToken;
import io.atrium.sharding.records.RecordReply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code import}: each row of a chunk becomes a record of the job's tenant, written through the
 * record entities. Each write carries an idempotency token made of the job and the row's line, so a
 * redelivered chunk replays the first outcomes (created stays created) instead of writing again.
 */
final class ImportKind implements JobKind {

  private final String job;
  private final Tenant tenant;
  private final ImportParams params;
  private final ImportMapping mapping;
  private final RecordWriter writer;
  private final int parallelism;
  private final int maxExamples;
  private final Materializer materializer;

  ImportKind(String job, Tenant tenant, ImportParams params, ImportMapping mapping, RecordWriter writer,
      int parallelism, int maxExamples, Materializer materializer) {
    this.job = job;
    this.tenant = tenant;
    this.params = params;
    this.mapping = mapping;
    this.writer = writer;
    this.parallelism = parallelism;
    this.maxExamples = maxExamples;
    this.materializer = materializer;
  }

  /** The outcome of one row. */
  private record Outcome(ImportRow row, RecordReply reply, String error) {}

  @Override
  public CompletionStage<JobPartial> process(Chunk chunk, Executor workers) {
    ImportTally tally = new ImportTally(maxExamples);
    return Source.from(chunk.parse())
        .map(mapping::map)
        .mapAsyncUnordered(parallelism, row -> write(row, workers))
        .runWith(Sink.foreach(outcome -> count(tally, outcome)), materializer)
        .thenApplyAsync(done -> tally.toCounts(), workers);
  }

  private CompletionStage<Outcome> write(ImportRow row, Executor workers) {
    if (row instanceof ImportRow.Write write) {
      IdempotencyToken token = new IdempotencyToken("import/" + job + "/" + write.line(), "import");
      return writer.put(tenant, params.collection(), write.key(), write.valueJson(), token)
          .handleAsync((reply, error) -> new Outcome(row, reply, error == null ? null : JobEntity.reason(error)),
              workers);
    }
    return CompletableFuture.completedFuture(new Outcome(row, null, null));
  }

  private static void count(ImportTally tally, Outcome outcome) {
    if (outcome.row() instanceof ImportRow.Rejected rejected) {
      tally.failed(rejected.line(), rejected.reason(), rejected.message());
      return;
    }
    long line = ((ImportRow.Write) outcome.row()).line();
    if (outcome.reply() instanceof RecordReply.Written written) {
      if (written.created()) {
        tally.created();
      } else {
        tally.updated();
      }
    } else {
      String reason = outcome.error() != null ? outcome.error() : "the record refused the write: " + outcome.reply();
      tally.failed(line, ImportFailureReason.WRITE_FAILED, reason);
    }
  }

  @Override
  public Merger<JobPartial, JobResult> merger() {
    return new Merger<>() {
      private ImportCounts merged = ImportCounts.none();

      @Override
      public void add(JobPartial partial) {
        merged = merged.merge((ImportCounts) partial, maxExamples);
      }

      @Override
      public JobResult result() {
        return merged;
      }
    };
  }
}
