package io.atrium.sharding.jobs.runtime;

import io.atrium.sharding.jobs.JobPartial;
import io.atrium.sharding.jobs.JobResult;
import io.atrium.sharding.jobs.JobType;
import io.atrium.sharding.jobs.Merger;
import io.atrium.sharding.jobs.chunks.Chunk;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** A pure compute {@link JobType} (aggregate, topk) with its params. */
final class ComputeKind<P, T extends JobPartial, R extends JobResult> implements JobKind {

  private final JobType<P, T, R> type;
  private final P params;
  private final Class<T> partialClass;

  private ComputeKind(JobType<P, T, R> type, P params, Class<T> partialClass) {
    this.type = type;
    this.params = params;
    this.partialClass = partialClass;
  }

  @SuppressWarnings("unchecked")
  static <P, T extends JobPartial, R extends JobResult> ComputeKind<P, T, R> of(JobType<P, T, R> type,
      com.fasterxml.jackson.databind.JsonNode json) {
    P params = type.parseParams(json);
    return new ComputeKind<>(type, params, (Class<T>) type.empty(params).getClass());
  }

  @Override
  public CompletionStage<JobPartial> process(Chunk chunk, Executor workers) {
    return CompletableFuture.supplyAsync(() -> type.process(params, chunk.parse()), workers);
  }

  @Override
  public Merger<JobPartial, JobResult> merger() {
    Merger<T, R> merger = type.merger(params);
    return new Merger<>() {
      @Override
      public void add(JobPartial partial) {
        merger.add(partialClass.cast(partial));
      }

      @Override
      public JobResult result() {
        return merger.result();
      }
    };
  }
}
