package io.atrium.sharding.jobs.kafka;

import io.atrium.persistence.kafka.KafkaSettings;
import io.atrium.sharding.jobs.runtime.JobRuntimeSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the task and dead-letter topics when they are missing, at node start, and keeps trying
 * while Kafka is unreachable. Consumers start only afterwards: subscribing first would let the broker
 * auto-create the task topic with its default single partition.
 */
public final class TopicSetup {

  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
  private static final Duration MIN_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofSeconds(15);
  private static final int ADMIN_TIMEOUT_MS = 10_000;

  private final ActorSystem<?> system;
  private final KafkaSettings kafka;
  private final JobRuntimeSettings.Topics topics;
  /** The task topic's partitions once set up; 0 before. */
  private final AtomicInteger partitions = new AtomicInteger();

  private TopicSetup(ActorSystem<?> system, KafkaSettings kafka, JobRuntimeSettings.Topics topics) {
    this.system = system;
    this.kafka = kafka;
    this.topics = topics;
  }

  /** Starts setting up; {@code ready} runs once the topics exist. */
  public static TopicSetup start(ActorSystem<?> system, KafkaSettings kafka, JobRuntimeSettings.Topics topics,
      Runnable ready) {
    TopicSetup setup = new TopicSetup(system, kafka, topics);
    setup.attempt(MIN_RETRY, ready);
    return setup;
  }

  /** The task topic's partition count, 0 until the topics are set up. */
  public AtomicInteger partitions() {
    return partitions;
  }

  public boolean ready() {
    return partitions.get() > 0;
  }

  private void attempt(Duration nextWait, Runnable ready) {
    Admin admin = Admin.create(Map.<String, Object>of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServersProperty(),
        AdminClientConfig.CLIENT_ID_CONFIG, "atrium-job-topics",
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MS,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MS));
    create(admin, topics.tasks()).thenCompose(created -> create(admin, topics.deadLetters()))
        .thenCompose(created -> admin.describeTopics(List.of(topics.tasks())).allTopicNames().toCompletionStage())
        .whenComplete((described, error) -> {
          admin.close(Duration.ZERO);
          if (error == null) {
            int count = described.get(topics.tasks()).partitions().size();
            partitions.set(count);
            LOG.info("Job topics ready: {} ({} partitions), {}", topics.tasks(), count, topics.deadLetters());
            ready.run();
          } else {
            LOG.warn("Cannot set up the job topics yet ({}); retrying in {}", error.getMessage(), nextWait);
            Duration after = nextWait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : nextWait.multipliedBy(2);
            system.scheduler().scheduleOnce(nextWait, () -> attempt(after, ready), system.executionContext());
          }
        });
  }

  private CompletionStage<Void> create(Admin admin, String name) {
    KafkaFuture<Void> created = admin.createTopics(List.of(new NewTopic(name, topics.partitions(),
        topics.replicationFactor()))).all();
    return created.toCompletionStage().handle((ok, error) -> {
      Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
      if (cause == null || cause instanceof TopicExistsException) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      return CompletableFuture.<Void>failedFuture(cause);
    }).thenCompose(result -> result);
  }
}
