package io.atrium.sharding.jobs.runtime;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.time.Duration;

/**
 * How jobs run across the cluster ({@code atrium.jobs}); reference.conf documents each default.
 *
 * @param askTimeout how long a worker or the edge waits for a job entity
 * @param workerPoolSize threads of the node's worker pool: chunks computed at once ({@code worker.pool-size},
 *     0 there: one per available processor)
 * @param tasksInFlight tasks the node's consumer has taken and not finished (reading a chunk, computing,
 *     storing the partial, reporting it): {@code worker.tasks-per-thread} × the pool; it pulls only as
 *     fast as they complete
 * @param maxAttempts runs of a chunk before it is dead-lettered and its job fails
 * @param retryMinBackoff / retryMaxBackoff wait before a chunk's next attempt (doubling)
 * @param backlogPerTenant unfinished jobs a tenant may have; beyond it submission is refused (429)
 * @param importParallelism record writes in flight per {@code import} chunk
 * @param importWriteAttempts times an {@code import} sends a row's write that its entity does not
 *     answer within {@code atrium.records.ask-timeout} (with the same idempotency token)
 * @param mergeParallelism partials read at once while merging
 * @param runningMergeJobs jobs whose partials this node folds as its workers make them ({@link RunningMerges})
 * @param publishRetry wait before queueing a job's tasks again after Kafka refused them
 * @param eventsInterval how often the events stream looks at a job
 * @param snapshotEvery a job entity snapshots after this many events
 * @param poisonMarker test-only: a chunk whose data contains this text fails every attempt; empty: off
 */
public record JobRuntimeSettings(Duration askTimeout, int workerPoolSize, int tasksInFlight, int maxAttempts,
    Duration retryMinBackoff, Duration retryMaxBackoff, int backlogPerTenant, int importParallelism,
    int importWriteAttempts, int mergeParallelism, int runningMergeJobs, Duration publishRetry,
    Duration eventsInterval, int snapshotEvery, String poisonMarker, Topics topics) {

  /**
   * The Kafka side ({@code atrium.jobs.kafka}).
   *
   * @param partitions partitions of the task topic when the node creates it
   * @param sessionTimeout how long the group waits for a silent consumer before its partitions (and
   *     their uncommitted tasks) go to the other nodes
   */
  public record Topics(String tasks, String deadLetters, int partitions, short replicationFactor,
      String consumerGroup, Duration sessionTimeout) {}

  private static final String PREFIX = "atrium.jobs.";

  public static JobRuntimeSettings fromConfig(Config config) {
    int replication = Settings.positiveInt(config, PREFIX + "kafka.replication-factor");
    if (replication > Short.MAX_VALUE) {
      throw new SettingsException(PREFIX + "kafka.replication-factor", "is too large: " + replication);
    }
    int configuredPool = Settings.nonNegativeInt(config, PREFIX + "worker.pool-size");
    int pool = configuredPool == 0 ? Runtime.getRuntime().availableProcessors() : configuredPool;
    return new JobRuntimeSettings(
        Settings.positiveDuration(config, PREFIX + "ask-timeout"),
        pool,
        pool * Settings.positiveInt(config, PREFIX + "worker.tasks-per-thread"),
        Settings.positiveInt(config, PREFIX + "retry.max-attempts"),
        Settings.positiveDuration(config, PREFIX + "retry.min-backoff"),
        Settings.positiveDuration(config, PREFIX + "retry.max-backoff"),
        Settings.positiveInt(config, PREFIX + "backlog-per-tenant"),
        Settings.positiveInt(config, PREFIX + "import.parallelism"),
        Settings.positiveInt(config, PREFIX + "import.write-attempts"),
        Settings.positiveInt(config, PREFIX + "merge-parallelism"),
        Settings.nonNegativeInt(config, PREFIX + "running-merge.max-jobs"),
        Settings.positiveDuration(config, PREFIX + "publish-retry"),
        Settings.positiveDuration(config, PREFIX + "events-interval"),
        Settings.positiveInt(config, PREFIX + "snapshot-every"),
        Settings.string(config, PREFIX + "fault-injection.poison-marker"),
        new Topics(
            Settings.nonBlank(config, PREFIX + "kafka.tasks-topic"),
            Settings.nonBlank(config, PREFIX + "kafka.dead-letter-topic"),
            Settings.positiveInt(config, PREFIX + "kafka.partitions"),
            (short) replication,
            Settings.nonBlank(config, PREFIX + "kafka.consumer-group"),
            Settings.positiveDuration(config, PREFIX + "kafka.session-timeout")));
  }
}
