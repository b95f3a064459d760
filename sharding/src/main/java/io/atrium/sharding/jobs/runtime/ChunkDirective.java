package io.atrium.sharding.jobs.runtime;

import io.atrium.persistence.serialization.CborSerializable;

/** What a job entity tells the worker holding one of its tasks. */
public enum ChunkDirective implements CborSerializable {
  /** Run the chunk. */
  PROCESS,
  /** Nothing (more) to do for this task: the chunk is done, or the job has ended. */
  SKIP,
  /** Every chunk is done and the result is not stored yet: merge the partials, then finish. */
  MERGE
}
