package io.atrium.sharding.jobs.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.atrium.persistence.kafka.KafkaSettings;
import io.atrium.sharding.jobs.runtime.JobRuntimeSettings;
import io.atrium.sharding.jobs.runtime.JobSpec;
import io.atrium.sharding.jobs.runtime.Task;
import io.atrium.sharding.jobs.runtime.TaskQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.javadsl.SendProducer;

/**
 * The task topic and the dead-letter topic, through one producer per node. Tasks of a job are spread
 * over the partitions round-robin (a null key would put a whole job's tasks in one partition, hence
 * on one node); each is acknowledged by all in-sync replicas before the job counts as queued.
 */
public final class KafkaTaskQueue implements TaskQueue {

  static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();
  /** A broker that is down must not block a caller for the client's default minute. */
  private static final int MAX_BLOCK_MS = 5_000;
  private static final int REQUEST_TIMEOUT_MS = 10_000;
  private static final int DELIVERY_TIMEOUT_MS = 20_000;

  private final SendProducer<String, String> producer;
  private final JobRuntimeSettings.Topics topics;
  private final AtomicInteger partitions;
  private final Executor blocking;

  /**
   * @param partitions the task topic's partition count as created or found (see {@link TopicSetup})
   * @param blocking where {@code send} runs: it blocks while the client fetches metadata
   */
  public KafkaTaskQueue(ActorSystem<?> system, KafkaSettings kafka, JobRuntimeSettings.Topics topics,
      AtomicInteger partitions, Executor blocking) {
    ProducerSettings<String, String> settings = ProducerSettings
        .create(system, new StringSerializer(), new StringSerializer())
        .withBootstrapServers(kafka.bootstrapServersProperty())
        .withProperties(Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(MAX_BLOCK_MS),
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(REQUEST_TIMEOUT_MS),
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(DELIVERY_TIMEOUT_MS)));
    this.producer = new SendProducer<>(settings, system);
    this.topics = topics;
    this.partitions = partitions;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<Void> publish(JobSpec spec) {
    int count = partitions.get();
    if (count <= 0) {
      return CompletableFuture.failedFuture(new IllegalStateException("the task topic is not set up yet"));
    }
    // Start each job at another partition so that small jobs do not all begin on partition 0.
    int first = Math.floorMod(spec.job().hashCode(), count);
    return CompletableFuture.supplyAsync(() -> {
      List<CompletableFuture<?>> sent = new ArrayList<>();
      for (int chunk = 0; chunk < spec.chunks(); chunk++) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topics.tasks(), (first + chunk) % count,
            spec.job(), json(new Task(spec, chunk)));
        sent.add(plain(producer.send(record)));
      }
      return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }, blocking).thenCompose(all -> all);
  }

  /** What the dead-letter topic holds: the task, why it failed, after how many attempts, when. */
  public record DeadLetter(Task task, String reason, int attempts, Instant at) {}

  @Override
  public CompletionStage<Void> deadLetter(Task task, String reason, int attempts) {
    String value = json(new DeadLetter(task, reason, attempts, Instant.now()));
    return CompletableFuture.supplyAsync(() -> plain(producer.send(
            new ProducerRecord<>(topics.deadLetters(), task.spec().job(), value))), blocking)
        .thenCompose(sent -> sent)
        .thenApply(metadata -> null);
  }

  public CompletionStage<Void> close() {
    return producer.close().thenApplyAsync(done -> null, blocking);
  }

  /**
   * The stage as a plain {@link CompletableFuture}: the producer's stages are Scala-backed and run
   * every non-async callback on the JDK's common pool.
   */
  private static <T> CompletableFuture<T> plain(CompletionStage<T> stage) {
    CompletableFuture<T> future = new CompletableFuture<>();
    stage.whenCompleteAsync((value, error) -> {
      if (error == null) {
        future.complete(value);
      } else {
        future.completeExceptionally(error);
      }
    }, Runnable::run);
    return future;
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
