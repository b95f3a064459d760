package io.atrium.sharding.jobs.runtime;

import io.atrium.sharding.jobs.JobPartial;
import io.atrium.sharding.jobs.JobResult;
import io.atrium.sharding.jobs.Merger;
import io.atrium.sharding.jobs.chunks.Chunk;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** One job with its params parsed: how to run a chunk, merge partials and finish. */
public interface JobKind {

  /** The chunk's partial; CPU work runs on {@code workers}. */
  CompletionStage<JobPartial> process(Chunk chunk, Executor workers);

  /** An empty running merge of this job's partials. */
  Merger<JobPartial, JobResult> merger();
}
