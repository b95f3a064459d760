package io.atrium.sharding.jobs.runtime;

import java.util.concurrent.CompletionStage;

/** What a job entity needs from outside: the task queue, the merge, the tenant's backlog. */
public interface JobServices {

  /** Queues one task per chunk of the job (again, if asked again: tasks are idempotent). */
  CompletionStage<Void> publishTasks(JobSpec spec);

  /** Merges the stored partials and stores the result. */
  CompletionStage<Void> merge(JobSpec spec);

  /** The job ended: its place in the tenant's backlog is free. Idempotent. */
  void ended(JobSpec spec);
}
