package io.atrium.sharding.jobs.runtime;

import io.atrium.persistence.serialization.CborSerializable;
import java.time.Instant;

/**
 * A job as clients see it ({@code GET /v1/jobs/{id}}, the events stream).
 *
 * @param rowsPerSecond rows of completed chunks per second since the job started (until it ended)
 * @param durationMs from submission to the end, or to now while it runs
 */
public record JobView(String job, String type, String dataset, JobStatus status, int chunksDone, int chunksTotal,
    long rows, double rowsPerSecond, Instant submittedAt, Instant startedAt, Instant finishedAt, long durationMs,
    JobError error) implements CborSerializable {}
