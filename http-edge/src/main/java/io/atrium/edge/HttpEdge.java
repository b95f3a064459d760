package io.atrium.edge;

import io.atrium.edge.auth.ApiKeyStore;
import io.atrium.edge.auth.Authentication;
import io.atrium.edge.auth.KeyCache;
import io.atrium.edge.errors.JsonErrorHandling;
import io.atrium.edge.health.HealthRoutes;
import io.atrium.edge.health.Readiness;
import io.atrium.edge.health.ReadinessCheck;
import io.atrium.edge.health.StorageGuard;
import io.atrium.edge.metrics.EdgeMetrics;
import io.atrium.edge.ops.ClusterRoutes;
import io.atrium.edge.ops.MembershipTracker;
import io.atrium.edge.ops.ShardCounts;
import io.atrium.edge.ops.WriteQuorum;
import io.atrium.edge.tls.EdgeTls;
import io.atrium.edge.traffic.TrafficControl;
import io.atrium.sharding.load.LoadReporting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.Patterns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the HTTP edge and ties it to coordinated shutdown: on SIGTERM readiness turns false first
 * while every request is still served for {@code atrium.http.not-ready-grace} (load balancers notice
 * and stop sending), then the port is unbound (no new connections), then in-flight requests drain up
 * to {@code atrium.http.drain-deadline} while new requests on open connections get 503. Only then
 * does the node hand off its shards and leave the cluster.
 */
public final class HttpEdge {

  private static final Logger LOG = LoggerFactory.getLogger(HttpEdge.class);

  private HttpEdge() {}

  /**
   * Binds the edge.
   *
   * @param dependencyChecks readiness checks for the node's dependencies (Cassandra, Kafka); the
   *     edge adds its own (cluster membership, shutdown)
   * @param storage the check of the storage that writes need (one of {@code dependencyChecks}): while
   *     it fails, writes are refused at once (see {@link StorageGuard})
   * @param services the services' routes (records, streams, compute, …), sealed together with the edge's own
   * @param opsRoutes other packages' {@code /ops/*} routes (placement, faults, balancer): admin only, like
   *     every {@code /ops} path, and never admission-controlled
   * @param load this node's load reporting: the edge supplies its figures and reads the cluster's
   * @param apiKeys where API keys are stored; this node keeps a refreshed copy
   */
  public static CompletionStage<ServerBinding> start(
      ActorSystem<?> system, EdgeSettings settings, List<ReadinessCheck> dependencyChecks, ReadinessCheck storage,
      ServiceRoutes services, List<Route> opsRoutes, LoadReporting load, ApiKeyStore apiKeys) {
    KeyCache keys = KeyCache.create(apiKeys, settings.auth().keyMaxStaleness());
    keys.refreshEvery(settings.auth().keyRefreshInterval(), system.scheduler(), system.executionContext());
    Authentication authentication = Authentication.create(settings.auth(), keys, settings.retryAfter());
    if (!settings.auth().enabled()) {
      LOG.warn("Authentication is OFF (atrium.http.auth.enabled): every request is tenant 'default' with the "
          + "admin role. Use this for benchmarks and local development only.");
    }
    Cluster cluster = Cluster.get(system);
    ClusterRoutes clusterRoutes = new ClusterRoutes(cluster, MembershipTracker.start(system),
        new ShardCounts(system, settings.shardStatsTimeout()));
    List<ReadinessCheck> checks = new ArrayList<>();
    checks.add(new ReadinessCheck("lifecycle", () -> lifecycle(system)));
    checks.add(new ReadinessCheck("cluster", clusterRoutes::selfUp));
    // Lifecycle and membership are read live: a shutting-down node must answer not-ready at once.
    dependencyChecks.forEach(check -> checks.add(check.reusedFor(settings.readinessReuse(), System::nanoTime)));
    checks.addAll(authentication.readinessChecks());
    HealthRoutes health = new HealthRoutes(new Readiness(checks, settings.readinessTimeout()), settings.retryAfter());
    TrafficControl traffic = TrafficControl.create(settings.traffic(), settings.retryAfter(),
        cluster.selfMember().address().toString(), load);
    load.sources().edge(traffic::edgeLoad);
    traffic.releaseStalledPermits(system.scheduler(), settings.traffic().admission().stallThreshold(),
        system.executionContext());
    traffic.watchHandovers(system);
    List<Route> unguarded = new ArrayList<>(opsRoutes);
    if (settings.metrics().enabled()) {
      unguarded.add(EdgeMetrics.start(system, settings.metrics(), traffic).route());
    }
    List<WriteGuard> writeGuards = new ArrayList<>(List.of(new WriteQuorum(cluster::state, settings.retryAfter())));
    StorageGuard.start(system, settings.storageGuard(), storage, settings.retryAfter()).ifPresent(writeGuards::add);
    EdgeRoutes routes = new EdgeRoutes(new JsonErrorHandling(settings.retryAfter()), health, clusterRoutes, traffic,
        authentication, services.guardedBy(writeGuards), unguarded);

    holdBeforeUnbind(system, settings.notReadyGrace());
    ServerBuilder server = Http.get(system).newServerAt(settings.host(), settings.port());
    if (settings.tls().enabled()) {
      server = server.enableHttps(EdgeTls.httpsContext(settings.tls()));
    }
    return server
        .bind(routes.route())
        .thenApply(binding -> binding.addToCoordinatedShutdown(settings.drainDeadline(), system))
        .whenComplete((binding, error) -> {
          if (error == null) {
            LOG.info("HTTP edge listening on {}://{}:{}", settings.tls().enabled() ? "https" : "http", settings.host(),
                binding.localAddress().getPort());
          }
        });
  }

  /**
   * Readiness is already false once shutdown has begun (the lifecycle check); until the grace is over
   * the port stays bound and every request is served as before.
   */
  private static void holdBeforeUnbind(ActorSystem<?> system, Duration grace) {
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "not-ready-grace", () -> {
      LOG.info("Shutting down: answering not ready, still serving for {} before unbinding", grace);
      return Patterns.after(grace, system.classicSystem().scheduler(), system.executionContext(),
          () -> CompletableFuture.completedFuture(Done.getInstance()));
    });
  }

  private static CompletionStage<String> lifecycle(ActorSystem<?> system) {
    return CoordinatedShutdown.get(system).getShutdownReason()
        .<CompletionStage<String>>map(reason ->
            CompletableFuture.failedFuture(new IllegalStateException("shutting down (" + reason + ")")))
        .orElseGet(() -> CompletableFuture.completedFuture("running"));
  }
}
