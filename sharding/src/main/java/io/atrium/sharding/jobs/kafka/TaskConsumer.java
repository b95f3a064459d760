package io.atrium.sharding.jobs.kafka;

import io.atrium.persistence.kafka.KafkaSettings;
import io.atrium.sharding.jobs.runtime.ChunkWorker;
import io.atrium.sharding.jobs.runtime.JobRuntimeSettings;
import io.atrium.sharding.jobs.runtime.Task;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.CommitterSettings;
import org.apache.pekko.kafka.ConsumerMessage;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Committer;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's member of the job consumer group: takes tasks from the task topic, has at most
 * {@link JobRuntimeSettings#tasksInFlight()} in flight (so it pulls only as fast as they complete), and commits
 * a task's offset only after its job entity has persisted the task's outcome. A failure (Kafka gone,
 * a job entity unreachable for long) restarts the consumer with backoff; the uncommitted tasks are
 * delivered again, and the job entities count each chunk once.
 */
public final class TaskConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(TaskConsumer.class);
  private static final RestartSettings RESTART =
      RestartSettings.create(Duration.ofSeconds(1), Duration.ofSeconds(10), 0.2);

  /** Kafka's advice: heartbeat at most a third of the session timeout. */
  private static final long HEARTBEATS_PER_SESSION = 3;

  private TaskConsumer() {}

  /** Starts consuming; stop with the returned switch. */
  public static UniqueKillSwitch start(ActorSystem<?> system, KafkaSettings kafka, JobRuntimeSettings settings,
      ChunkWorker worker, Executor executor) {
    long sessionMillis = settings.topics().sessionTimeout().toMillis();
    ConsumerSettings<String, String> consumer = ConsumerSettings
        .create(system, new StringDeserializer(), new StringDeserializer())
        .withBootstrapServers(kafka.bootstrapServersProperty())
        .withGroupId(settings.topics().consumerGroup())
        .withProperties(Map.of(
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(sessionMillis),
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(sessionMillis / HEARTBEATS_PER_SESSION),
            // A task is a chunk of work, not a small record: fetch few at a time so that tasks wait
            // in the partition (where another node may take them) rather than in this node's buffer.
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.tasksInFlight())));
    CommitterSettings committer = CommitterSettings.create(system);
    int parallelism = settings.tasksInFlight();
    return RestartSource.onFailuresWithBackoff(RESTART, () ->
            Consumer.committableSource(consumer, Subscriptions.topics(settings.topics().tasks()))
                .mapAsync(parallelism, message -> run(worker, message, executor))
                .via(Committer.flow(committer)))
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(Sink.ignore(), Keep.left())
        .run(system);
  }

  private static CompletionStage<ConsumerMessage.CommittableOffset> run(ChunkWorker worker,
      ConsumerMessage.CommittableMessage<String, String> message, Executor executor) {
    Task task;
    try {
      task = KafkaTaskQueue.JSON.readValue(message.record().value(), Task.class);
    } catch (java.io.IOException e) {
      // Not a task this version can read: nothing can ever run it, so it is skipped, not retried.
      LOG.error("Skipping an unreadable task at {}-{} offset {}: {}", message.record().topic(),
          message.record().partition(), message.record().offset(), e.getMessage());
      return CompletableFuture.completedFuture(message.committableOffset());
    }
    return worker.run(task).thenApplyAsync((Done done) -> message.committableOffset(), executor);
  }
}
