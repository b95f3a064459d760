package io.atrium.sharding.jobs.runtime;

import io.atrium.persistence.serialization.CborSerializable;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/** What a job entity is asked, by the edge (submit, status, cancel) and by workers (chunks). */
public sealed interface JobCommand extends CborSerializable {

  /** Accepted once; a second submit of the same id answers with the job as it is. */
  record Submit(JobSpec spec, ActorRef<JobView> replyTo) implements JobCommand {}

  /** The job as it is; empty when no job has this id. */
  record Get(ActorRef<Optional<JobView>> replyTo) implements JobCommand {}

  /** Cancels a job that has not ended; the job as it is afterwards (empty when there is none). */
  record Cancel(ActorRef<Optional<JobView>> replyTo) implements JobCommand {}

  /** A worker is about to run {@code chunk}. */
  record StartChunk(int chunk, ActorRef<ChunkDirective> replyTo) implements JobCommand {}

  /** {@code chunk}'s partial is stored; answered once the completion is persisted. */
  record CompleteChunk(int chunk, long rows, ActorRef<ChunkDirective> replyTo) implements JobCommand {}

  /** {@code chunk} failed for good (after retries, and dead-lettered). */
  record FailChunk(int chunk, String reason, ActorRef<Done> replyTo) implements JobCommand {}

  /** The result is stored; answered once the success is persisted. */
  record Finish(ActorRef<Done> replyTo) implements JobCommand {}

  /** The merged result could not be made (e.g. too many groups): the job fails. */
  record FailMerge(String reason, ActorRef<Done> replyTo) implements JobCommand {}

  /** Internal: publishing the tasks finished (an error when it failed; it is retried). */
  record TasksPublished(Optional<String> error) implements JobCommand {}

  /** Internal: the entity's own merge (of a job without chunks, or after recovery) finished. */
  record MergeFinished(Optional<String> error) implements JobCommand {}

  /** Internal: time to try publishing again. */
  enum RetryPublish implements JobCommand { INSTANCE }
}
