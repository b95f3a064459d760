/**
 * The compute core of data-processing jobs, free of Kafka, HTTP and persistence, so the job workers
 * (asynchronous jobs) and the synchronous compute endpoint run the same code.
 *
 * <ul>
 *   <li>{@code rows}: NDJSON and CSV lines to {@link io.atrium.sharding.jobs.rows.Row}s; a bad line
 *       is a {@link io.atrium.sharding.jobs.rows.MalformedRowException} naming its 1-based number.
 *   <li>{@code chunks}: {@link io.atrium.sharding.jobs.chunks.DatasetChunker} cuts an upload's byte
 *       stream into validated chunks of whole lines ({@code atrium.jobs.chunk-bytes}); the CSV header
 *       travels in each chunk's {@link io.atrium.sharding.jobs.rows.DatasetSchema}, not in its data.
 *   <li>{@link io.atrium.sharding.jobs.JobType}: process a chunk into a partial, merge partials in any
 *       order, finish into a result; {@link io.atrium.sharding.jobs.JobTypes} finds one by name.
 *   <li>{@code aggregate}, {@code topk}: the job types; {@code imports}: the row-to-record mapping and
 *       outcome counts of imports (the writes through record entities are not here).
 * </ul>
 *
 * <p>Every merge is exact and order-independent — counts, min/max, quantile buckets, HyperLogLog
 * registers, sums ({@link io.atrium.sharding.jobs.aggregate.ExactSum}), top-k counts — so a job's
 * result does not depend on how its dataset was chunked or in which order chunks finished: a
 * redelivered or reordered task cannot change an answer.
 */
package io.atrium.sharding.jobs;
