package io.atrium.persistence.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.pekko.Done;

/**
 * Creates the topics Atrium writes to when they are missing, with the partition count and configs
 * Atrium chose. A topic that exists is left as it is: changing the partitions of a keyed topic would
 * move keys to other partitions and break their order. Without this, the broker's
 * {@code auto.create.topics.enable} would create them on the first send with the broker's defaults.
 * {@link #close()} it on shutdown.
 */
public final class KafkaTopics implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);
  private static final int RECONNECT_BACKOFF_MAX_MILLIS = 1_000;

  private final Admin admin;
  private final int timeoutMillis;

  public KafkaTopics(KafkaSettings settings, String clientId, Duration timeout) {
    this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    this.admin = Admin.create(Map.<String, Object>of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServersProperty(),
        AdminClientConfig.CLIENT_ID_CONFIG, clientId,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis,
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, RECONNECT_BACKOFF_MAX_MILLIS));
  }

  /** Completes when every topic exists (created now or before); fails if one could not be created. */
  public CompletionStage<Done> ensure(Collection<NewTopic> topics) {
    CompletableFuture<?>[] created = admin.createTopics(topics, new CreateTopicsOptions().timeoutMs(timeoutMillis))
        .values().values().stream()
        .map(future -> future.toCompletionStage().toCompletableFuture()
            .exceptionally(KafkaTopics::existingIsFine))
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(created).thenApply(all -> Done.getInstance());
  }

  private static Void existingIsFine(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof TopicExistsException) {
      return null;
    }
    throw new CompletionException(cause);
  }

  @Override
  public void close() {
    admin.close(CLOSE_TIMEOUT);
  }
}
