package io.atrium.sharding.jobs.runtime;

import io.atrium.persistence.serialization.CborSerializable;
import java.time.Instant;

/** What a job entity persists. Partials are not events: they are in Cassandra, keyed by chunk. */
public sealed interface JobEvent extends CborSerializable {

  record Submitted(JobSpec spec, Instant at) implements JobEvent {}

  /** Every chunk's task is in the task topic. */
  record TasksQueued(Instant at) implements JobEvent {}

  /** The first chunk started. */
  record Started(Instant at) implements JobEvent {}

  /** A chunk's partial is stored; persisted once per chunk however often its task is delivered. */
  record ChunkCompleted(int chunk, long rows, Instant at) implements JobEvent {}

  /** The merged result is stored. */
  record Succeeded(Instant at) implements JobEvent {}

  record Failed(JobError error, Instant at) implements JobEvent {}

  record Cancelled(Instant at) implements JobEvent {}
}
