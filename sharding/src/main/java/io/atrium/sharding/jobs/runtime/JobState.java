package io.atrium.sharding.jobs.runtime;

import io.atrium.persistence.serialization.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.BitSet;
import java.util.Optional;

/**
 * A job entity's state: the spec (null before submission), where the job is, and which chunks are
 * done — one bit per chunk, so a redelivered chunk is recognised and counted once.
 *
 * @param doneChunks the done chunks as {@link BitSet#toLongArray()}
 */
public record JobState(JobSpec spec, JobStatus status, boolean tasksQueued, long[] doneChunks, int chunksDone,
    long rows, Instant submittedAt, Instant startedAt, Instant finishedAt, JobError error)
    implements CborSerializable {

  public static final JobState EMPTY = new JobState(null, JobStatus.QUEUED, false, new long[0], 0, 0, null, null,
      null, null);

  /** Equal by content: a record's own equality would compare the array by reference. */
  @Override
  public boolean equals(Object other) {
    return other instanceof JobState that && Objects.equals(spec, that.spec) && status == that.status
        && tasksQueued == that.tasksQueued && Arrays.equals(doneChunks, that.doneChunks)
        && chunksDone == that.chunksDone && rows == that.rows && Objects.equals(submittedAt, that.submittedAt)
        && Objects.equals(startedAt, that.startedAt) && Objects.equals(finishedAt, that.finishedAt)
        && Objects.equals(error, that.error);
  }

  @Override
  public int hashCode() {
    return Objects.hash(spec, status, Arrays.hashCode(doneChunks), chunksDone, rows);
  }

  @Override
  public String toString() {
    return "JobState[" + (spec == null ? "none" : spec.job()) + " " + status + " " + chunksDone + " chunks done]";
  }

  public boolean exists() {
    return spec != null;
  }

  public boolean isDone(int chunk) {
    return BitSet.valueOf(doneChunks).get(chunk);
  }

  public boolean allChunksDone() {
    return exists() && chunksDone == spec.chunks();
  }

  public JobState apply(JobEvent event) {
    if (event instanceof JobEvent.Submitted submitted) {
      return new JobState(submitted.spec(), JobStatus.QUEUED, false, new long[0], 0, 0, submitted.at(), null, null,
          null);
    }
    if (event instanceof JobEvent.TasksQueued) {
      return new JobState(spec, status, true, doneChunks, chunksDone, rows, submittedAt, startedAt, finishedAt, error);
    }
    if (event instanceof JobEvent.Started started) {
      return new JobState(spec, JobStatus.RUNNING, tasksQueued, doneChunks, chunksDone, rows, submittedAt,
          started.at(), finishedAt, error);
    }
    if (event instanceof JobEvent.ChunkCompleted completed) {
      BitSet done = BitSet.valueOf(doneChunks);
      done.set(completed.chunk());
      return new JobState(spec, status, tasksQueued, done.toLongArray(), chunksDone + 1, rows + completed.rows(),
          submittedAt, startedAt, finishedAt, error);
    }
    if (event instanceof JobEvent.Succeeded succeeded) {
      return ended(JobStatus.SUCCEEDED, succeeded.at(), null);
    }
    if (event instanceof JobEvent.Failed failed) {
      return ended(JobStatus.FAILED, failed.at(), failed.error());
    }
    if (event instanceof JobEvent.Cancelled cancelled) {
      return ended(JobStatus.CANCELLED, cancelled.at(), null);
    }
    throw new IllegalStateException("unknown event " + event);
  }

  private JobState ended(JobStatus end, Instant at, JobError why) {
    return new JobState(spec, end, tasksQueued, doneChunks, chunksDone, rows, submittedAt,
        startedAt == null ? at : startedAt, at, why);
  }

  /** The job as a client sees it at {@code now}; empty before submission. */
  public Optional<JobView> view(Instant now) {
    if (!exists()) {
      return Optional.empty();
    }
    Instant end = finishedAt != null ? finishedAt : now;
    double seconds = startedAt == null ? 0 : Duration.between(startedAt, end).toNanos() / 1e9;
    double rowsPerSecond = seconds > 0 ? Math.round(rows / seconds * 10) / 10.0 : 0;
    return Optional.of(new JobView(spec.job(), spec.type(), spec.dataset(), status, chunksDone, spec.chunks(), rows,
        rowsPerSecond, submittedAt, startedAt, finishedAt, Duration.between(submittedAt, end).toMillis(), error));
  }
}
