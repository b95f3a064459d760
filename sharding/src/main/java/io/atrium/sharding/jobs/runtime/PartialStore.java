package io.atrium.sharding.jobs.runtime;

import io.atrium.sharding.Tenant;
import io.atrium.sharding.jobs.JobPartial;
import io.atrium.sharding.jobs.JobResult;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Chunk partials and job results, outside the job entity: a partial can be megabytes (an aggregate
 * with thousands of groups), too large for a cluster message (Artery's 2 MiB frame) and a burden in
 * the entity's events; the entity only records which chunks are done. Writes are idempotent: a
 * redelivered chunk overwrites its partial with the same value.
 */
public interface PartialStore {

  CompletionStage<Void> putPartial(JobSpec spec, int chunk, JobPartial partial);

  CompletionStage<JobPartial> partial(JobSpec spec, int chunk);

  CompletionStage<Void> putResult(JobSpec spec, JobResult result);

  CompletionStage<Optional<JobResult>> result(Tenant tenant, String job);
}
