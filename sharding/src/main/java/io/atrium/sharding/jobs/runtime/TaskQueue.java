package io.atrium.sharding.jobs.runtime;

import java.util.concurrent.CompletionStage;

/** Where tasks wait for a worker, and where the ones that failed for good go. */
public interface TaskQueue {

  /** One task per chunk of the job; completes when all are durably queued. */
  CompletionStage<Void> publish(JobSpec spec);

  /** Records a task that failed every attempt, with the reason. */
  CompletionStage<Void> deadLetter(Task task, String reason, int attempts);
}
