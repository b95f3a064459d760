package io.atrium.edge.metrics;

import io.atrium.edge.traffic.TrafficControl;
import io.atrium.persistence.cassandra.JournalSession;
import io.atrium.sharding.records.RecordEntity;
import io.atrium.sharding.streams.StreamEntity;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /metrics}: the node's meters in the Prometheus text format (0.0.4). It sits beside
 * {@code /health}: never admission-controlled, never authenticated (bind it to an internal network in
 * production). Everything is read at scrape time from state that exists anyway — the edge's traffic
 * meter, the JVM's MXBeans, the cluster's membership view, the Cassandra driver's histograms — or from
 * a periodic poll (sharding), so serving metrics adds nothing to the request path.
 */
public final class EdgeMetrics extends AllDirectives {

  /** Prometheus's classic text exposition format; every Prometheus version accepts it. */
  static final ContentType.WithCharset PROMETHEUS_TEXT = MediaTypes
      .customWithOpenCharset("text", "plain", Map.of("version", "0.0.4"), false)
      .toContentType(HttpCharsets.UTF_8);

  /** The journal plugin whose session {@link JournalMetrics} reads; other journals (tests) have no such session. */
  private static final String CASSANDRA_JOURNAL = "pekko.persistence.cassandra.journal";

  private final PrometheusMeterRegistry registry;
  private final TrafficMetrics traffic;
  /** Held for the registry, whose function counters keep their source only weakly. */
  private final JournalMetrics journal;

  private EdgeMetrics(PrometheusMeterRegistry registry, TrafficMetrics traffic, JournalMetrics journal) {
    this.registry = registry;
    this.traffic = traffic;
    this.journal = journal;
  }

  /**
   * Registers every meter of the node and starts the sharding poll; both end with coordinated
   * shutdown. The sharded types are the services' entity type keys.
   */
  public static EdgeMetrics start(ActorSystem<?> system, MetricsSettings settings, TrafficControl trafficControl) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JvmGcMetrics gc = new JvmGcMetrics();
    List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(), new ProcessorMetrics(),
        new UptimeMetrics()).forEach(binder -> binder.bindTo(registry));
    ClusterMetrics.bind(Cluster.get(system), registry);
    Cancellable shardingPoll = ShardingMetrics.start(system,
        List.of(RecordEntity.ENTITY_KEY.name(), StreamEntity.ENTITY_KEY.name()), settings.shardingPollInterval(),
        registry);
    JournalMetrics journal = JournalMetrics.bind(registry);
    if (CASSANDRA_JOURNAL.equals(system.settings().config().getString("pekko.persistence.journal.plugin"))) {
      JournalSession.of(system).underlying().thenAcceptAsync(
          session -> journal.connected(session.getMetrics()), system.executionContext());
    }
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    // Before the regions hand off their shards, which would leave the queries unanswered.
    shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), "stop-sharding-metrics", () -> done(shardingPoll::cancel));
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "stop-metrics", () -> done(() -> {
      gc.close();
      registry.close();
    }));
    return new EdgeMetrics(registry, new TrafficMetrics(trafficControl, registry), journal);
  }

  private static CompletableFuture<Done> done(Runnable step) {
    step.run();
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  public Route route() {
    return path("metrics", () -> get(() ->
        complete(HttpResponse.create().withEntity(HttpEntities.create(PROMETHEUS_TEXT, scrape())))));
  }

  /** One consistent read of the traffic meter, then the exposition. */
  synchronized String scrape() {
    traffic.refresh();
    return registry.scrape(PROMETHEUS_TEXT.toString());
  }
}
