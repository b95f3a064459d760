package io.atrium.sharding.jobs.runtime;

import io.atrium.sharding.jobs.JobSettings;
import io.atrium.sharding.jobs.JobTypes;
import io.atrium.sharding.jobs.datasets.DatasetSettings;
import io.atrium.sharding.jobs.datasets.DatasetStore;
import io.atrium.sharding.jobs.datasets.DatasetUpload;
import io.atrium.sharding.records.Precondition;
import io.atrium.sharding.records.RecordCommand;
import io.atrium.sharding.records.RecordEntity;
import io.atrium.sharding.records.RecordSettings;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.stream.Materializer;

/**
 * The jobs service on one node: datasets, the job and backlog entities, the worker. What the edge
 * uses; the task queue (Kafka on a node, anything in tests) is given.
 */
public final class Jobs {

  private final DatasetStore datasets;
  private final DatasetUpload upload;
  private final PartialStore partials;
  private final JobKinds kinds;
  private final JobRuntimeSettings settings;
  private final DatasetSettings datasetSettings;
  private final Supplier<CompletionStage<?>> queueCheck;
  private final ChunkWorker worker;

  private Jobs(DatasetStore datasets, DatasetUpload upload, PartialStore partials, JobKinds kinds,
      JobRuntimeSettings settings, DatasetSettings datasetSettings, Supplier<CompletionStage<?>> queueCheck,
      ChunkWorker worker) {
    this.datasets = datasets;
    this.upload = upload;
    this.partials = partials;
    this.kinds = kinds;
    this.settings = settings;
    this.datasetSettings = datasetSettings;
    this.queueCheck = queueCheck;
    this.worker = worker;
  }

  /** Everything jobs are configured with. */
  public record Config(JobSettings jobs, DatasetSettings datasets, JobRuntimeSettings runtime, RecordSettings records) {

    public static Config fromConfig(com.typesafe.config.Config config) {
      return new Config(JobSettings.fromConfig(config), DatasetSettings.fromConfig(config),
          JobRuntimeSettings.fromConfig(config), RecordSettings.fromConfig(config));
    }
  }

  /**
   * Starts the entities and the worker on this node.
   *
   * @param queue made once the worker exists (a queue in tests runs tasks on it directly)
   * @param queueCheck fails when the queue cannot take tasks now (submission answers 503)
   * @param workers the worker pool ({@code worker.pool-size} threads)
   */
  public static Jobs start(ActorSystem<?> system, Config config, DatasetStore datasets, PartialStore partials,
      Function<ChunkWorker, TaskQueue> queue, Supplier<CompletionStage<?>> queueCheck, Executor workers) {
    Materializer materializer = Materializer.matFromSystem(system);
    JobKinds kinds = new JobKinds(JobTypes.create(config.jobs()), config.jobs(), config.records().limits(),
        RecordWriter.retryingTimeouts(recordWriter(system, config.records()), config.runtime().importWriteAttempts()),
        config.runtime().importParallelism(), materializer);
    // The worker dead-letters through the queue, and a queue in tests runs tasks on the worker.
    AtomicReference<TaskQueue> queueRef = new AtomicReference<>();
    ChunkWorker worker = new ChunkWorker(system, datasets, partials, queueRef::get, kinds, config.runtime(), workers);
    queueRef.set(queue.apply(worker));
    TenantBacklog.init(system);
    ClusterSharding sharding = ClusterSharding.get(system);
    JobEntity.init(system, new JobServices() {
      @Override
      public CompletionStage<Void> publishTasks(JobSpec spec) {
        return queueRef.get().publish(spec);
      }

      @Override
      public CompletionStage<Void> merge(JobSpec spec) {
        return worker.merge(spec);
      }

      @Override
      public void ended(JobSpec spec) {
        sharding.entityRefFor(TenantBacklog.ENTITY_KEY, TenantBacklog.entityId(spec.owner()))
            .tell(new TenantBacklog.Release(spec.job()));
      }
    }, config.runtime());
    DatasetUpload upload = new DatasetUpload(datasets, config.jobs(), config.datasets(), materializer,
        system.executionContext(), Clock.systemUTC());
    return new Jobs(datasets, upload, partials, kinds, config.runtime(), config.datasets(), queueCheck, worker);
  }

  private static RecordWriter recordWriter(ActorSystem<?> system, RecordSettings records) {
    ClusterSharding sharding = ClusterSharding.get(system);
    return (tenant, collection, key, valueJson, token) -> sharding
        .entityRefFor(RecordEntity.ENTITY_KEY, RecordEntity.entityId(tenant, collection, key))
        .ask(replyTo -> new RecordCommand.Put(valueJson, Precondition.NONE, Optional.of(token), replyTo),
            records.askTimeout());
  }

  public DatasetStore datasets() {
    return datasets;
  }

  public DatasetUpload upload() {
    return upload;
  }

  public PartialStore partials() {
    return partials;
  }

  public JobKinds kinds() {
    return kinds;
  }

  public JobRuntimeSettings settings() {
    return settings;
  }

  public DatasetSettings datasetSettings() {
    return datasetSettings;
  }

  public ChunkWorker worker() {
    return worker;
  }

  /** Fails when tasks cannot be queued now. */
  public CompletionStage<?> checkQueue() {
    return queueCheck.get();
  }
}
