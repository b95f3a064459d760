package io.atrium.persistence.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Asks the Kafka cluster to describe itself. One admin client is kept for the node's lifetime
 * (creating one per probe costs a connection and a metadata round trip); {@link #close()} it on
 * shutdown.
 */
public final class KafkaProbe implements AutoCloseable {

  private final Admin admin;
  private final int timeoutMillis;

  public KafkaProbe(KafkaSettings settings) {
    this.timeoutMillis = Math.toIntExact(settings.probeTimeout().toMillis());
    this.admin = Admin.create(Map.<String, Object>of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServersProperty(),
        AdminClientConfig.CLIENT_ID_CONFIG, "atrium-readiness",
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis,
        // Don't hammer a broker that is down: back off between reconnects.
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000));
  }

  /** Completes with the number of brokers, or fails (also after the probe timeout). */
  public CompletionStage<String> probe() {
    return admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis))
        .nodes()
        .toCompletionStage()
        .thenApply(nodes -> nodes.size() + " broker(s)");
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(1));
  }
}
