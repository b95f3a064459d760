package io.atrium.edge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.edge.EdgeRoutes;
import io.atrium.edge.TestClusterNode;
import io.atrium.edge.TestHttp;
import io.atrium.edge.auth.TestAuth;
import io.atrium.edge.errors.JsonErrorHandling;
import io.atrium.edge.health.HealthRoutes;
import io.atrium.edge.health.Readiness;
import io.atrium.edge.ops.ClusterRoutes;
import io.atrium.edge.ops.ShardCounts;
import io.atrium.edge.ops.MembershipTracker;
import io.atrium.edge.traffic.AdmissionSettings;
import io.atrium.edge.traffic.TestTraffic;
import io.atrium.edge.traffic.TrafficControl;
import io.atrium.sharding.records.RecordEntity;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} on the edge's routes as {@link io.atrium.edge.HttpEdge} assembles them, bound
 * over real HTTP on a one-node cluster, with a stand-in service ({@code fast} answers at once,
 * {@code held} when the test says) and a stand-in sharded type under the records' type name.
 */
class MetricsRoutesTest {

  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final Duration POLL = Duration.ofMillis(100);

  private static ActorTestKit testKit;
  private static TestHttp http;
  private static final AtomicLong clock = new AtomicLong(7_000_000);
  private static final Map<String, CompletableFuture<org.apache.pekko.http.javadsl.model.HttpResponse>> held =
      new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    testKit = TestClusterNode.create("MetricsRoutesTest", "");
    MembershipTracker tracker = MembershipTracker.start(testKit.system());
    TestClusterNode.joinSelfAndAwaitUp(testKit);
    // Not Behaviors.ignore(): that ignores the hand-off's PoisonPill too, and shutdown would wait for it.
    ClusterSharding.get(testKit.system())
        .init(Entity.of(RECORDS, context -> Behaviors.receiveMessage(m -> Behaviors.same())));

    TrafficControl traffic = TestTraffic.control(AdmissionSettings.fixed(2), RETRY_AFTER, clock);
    EdgeMetrics metrics = EdgeMetrics.start(testKit.system(), new MetricsSettings(true, POLL), traffic);
    HealthRoutes health = new HealthRoutes(new Readiness(List.of(), Duration.ofSeconds(1)), RETRY_AFTER);
    ClusterRoutes cluster = new ClusterRoutes(Cluster.get(testKit.system()), tracker,
        new ShardCounts(testKit.system(), Duration.ofSeconds(1)));
    EdgeRoutes routes = new EdgeRoutes(new JsonErrorHandling(RETRY_AFTER), health, cluster, traffic,
        TestAuth.disabled(), List.of(new StandInService().route()), List.of(metrics.route()));
    http = TestHttp.bind(testKit.system(), routes.route());
  }

  @AfterAll
  static void stop() {
    held.values().forEach(f -> f.complete(org.apache.pekko.http.javadsl.model.HttpResponse.create()));
    if (http != null) {
      http.close();
    }
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
  }

  /** Stands in for the record entities: sharding only needs the type's name to count them. */
  private static final EntityTypeKey<String> RECORDS =
      EntityTypeKey.create(String.class, RecordEntity.ENTITY_KEY.name());

  private static final class StandInService extends AllDirectives {
    Route route() {
      return pathPrefix("v1", () -> pathPrefix("records", () -> concat(
          path(PathMatchers.segment("fast").slash(PathMatchers.segment()), key -> get(() -> complete("ok"))),
          path(PathMatchers.segment("missing").slash(PathMatchers.segment()), key -> get(() ->
              complete(StatusCodes.NOT_FOUND, "no"))),
          path(PathMatchers.segment("held").slash(PathMatchers.segment()), id -> get(() ->
              completeWithFuture(held.computeIfAbsent(id, k -> new CompletableFuture<>())))))));
    }
  }

  /** The scrape as series → value, e.g. {@code atrium_edge_route_arrivals_total{route="records.get"}}. */
  private static Map<String, Double> scrape() {
    HttpResponse<String> response = http.get("/metrics");
    assertEquals(200, response.statusCode(), response.body());
    Map<String, Double> series = new HashMap<>();
    for (String line : response.body().split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return series;
  }

  private static double value(Map<String, Double> series, String name) {
    Double value = series.get(name);
    if (value == null) {
      throw new AssertionError("no series " + name + " in " + series.keySet().stream().sorted().toList());
    }
    return value;
  }

  @Test
  void answersPrometheusTextWithTheJvmClusterShardingAndJournalMeters() {
    ClusterSharding.get(testKit.system()).entityRefFor(RECORDS, "r1").tell("wake up");
    HttpResponse<String> response = http.get("/metrics");

    assertEquals(200, response.statusCode());
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    assertTrue(contentType.startsWith("text/plain; version=0.0.4"), contentType);
    assertTrue(response.body().contains("# TYPE atrium_edge_in_flight gauge"), response.body());

    Map<String, Double> series = scrape();
    for (String prefix : List.of("jvm_memory_used_bytes{", "jvm_memory_max_bytes{", "jvm_threads_live_threads",
        "jvm_classes_loaded_classes", "jvm_gc_memory_allocated_bytes_total", "system_cpu_count", "process_cpu_usage",
        "process_uptime_seconds")) {
      assertTrue(series.keySet().stream().anyMatch(s -> s.startsWith(prefix)), prefix + " missing");
    }
    assertEquals(1.0, value(series, "atrium_cluster_members{status=\"Up\"}"));
    assertEquals(0.0, value(series, "atrium_cluster_members{status=\"Leaving\"}"));
    assertEquals(0.0, value(series, "atrium_cluster_unreachable_members"));
    assertEquals(2.0, value(series, "atrium_edge_concurrency_limit"));
    assertTrue(Double.isNaN(value(series, "atrium_cassandra_request_latency_seconds{quantile=\"0.99\"}")),
        "no Cassandra session in this test");
    assertEquals(0.0, value(series, "atrium_cassandra_requests_total"));

    TestHttp.awaitUntil("the poll sees the started entity", Duration.ofSeconds(10), () -> {
      Map<String, Double> now = scrape();
      return now.getOrDefault("atrium_sharding_entities{type=\"record\"}", 0.0) == 1.0
          && now.getOrDefault("atrium_sharding_shards{type=\"record\"}", 0.0) == 1.0;
    });
    assertEquals(0.0, value(scrape(), "atrium_sharding_entities{type=\"stream\"}"), "a type not started here");
  }

  @Test
  void countersMoveWithServiceTrafficAndTheMetricsRouteIsNotServiceTraffic() {
    Map<String, Double> before = scrape();
    String arrivals = "atrium_edge_route_arrivals_total{route=\"records.get\"}";
    double arrivedBefore = before.getOrDefault(arrivals, 0.0);
    String completions = "atrium_edge_route_completions_total{route=\"records.get\"}";
    double completedBefore = before.getOrDefault(completions, 0.0);
    double rejectedBefore = before.getOrDefault("atrium_edge_rejected_total{status=\"404\"}", 0.0);
    double tenantBefore = before.getOrDefault("atrium_edge_tenant_completions_total{tenant=\"default\"}", 0.0);

    clock.set(9_000_100);
    for (int i = 0; i < 3; i++) {
      assertEquals(200, http.get("/v1/records/fast/k" + i).statusCode());
    }
    assertEquals(404, http.get("/v1/records/missing/k").statusCode());
    clock.set(9_001_000); // second 9000 is complete
    Map<String, Double> after = scrape();

    assertEquals(arrivedBefore + 4, value(after, arrivals));
    assertEquals(completedBefore + 4, value(after, completions));
    assertEquals(rejectedBefore + 1, value(after, "atrium_edge_rejected_total{status=\"404\"}"));
    assertEquals(tenantBefore + 4, value(after, "atrium_edge_tenant_completions_total{tenant=\"default\"}"));
    assertEquals(4.0, value(after, "atrium_edge_arrival_rate{window=\"1s\"}"));
    assertEquals(0.4, value(after, "atrium_edge_completion_rate{window=\"10s\"}"), 1e-9);
    assertEquals(4.0, value(after, "atrium_edge_route_arrival_rate{route=\"records.get\",window=\"1s\"}"));
    assertEquals(4.0, value(after, "atrium_edge_tenant_arrival_rate{tenant=\"default\",window=\"1s\"}"));
    assertEquals(4.0, value(after, "atrium_edge_route_latency_samples{route=\"records.get\",window=\"10s\"}"));
    double p99 = value(after,
        "atrium_edge_route_latency_seconds{quantile=\"0.99\",route=\"records.get\",window=\"10s\"}");
    assertTrue(p99 > 0 && p99 < 10, "p99 " + p99);
    assertTrue(p99 <= value(after, "atrium_edge_route_latency_max_seconds{route=\"records.get\",window=\"10s\"}"));
    String shed = "atrium_edge_shed_total{reason=\"overloaded\"}";
    assertEquals(before.getOrDefault(shed, 0.0), value(after, shed), "nothing shed below the limit");
    assertFalse(after.keySet().stream().anyMatch(s -> s.contains("route=\"metrics\"")), "scrapes are not metered");
  }

  @Test
  void metricsAnswerOnASaturatedNodeAndCountTheShedding() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    double shedBefore = scrape().getOrDefault("atrium_edge_shed_total{reason=\"overloaded\"}", 0.0);
    List<CompletableFuture<HttpResponse<String>>> running = List.of("h1", "h2").stream()
        .map(id -> {
          CompletableFuture<HttpResponse<String>> response = client.sendAsync(
              HttpRequest.newBuilder(http.uri("/v1/records/held/" + id)).build(), HttpResponse.BodyHandlers.ofString());
          TestHttp.awaitUntil(id + " admitted", Duration.ofSeconds(5), () -> held.containsKey(id));
          return response;
        })
        .toList();

    assertEquals(503, http.get("/v1/records/fast/over").statusCode());
    Map<String, Double> saturated = scrape();
    assertEquals(2.0, value(saturated, "atrium_edge_in_flight"));
    assertEquals(shedBefore + 1, value(saturated, "atrium_edge_shed_total{reason=\"overloaded\"}"));

    held.values().forEach(f -> f.complete(org.apache.pekko.http.javadsl.model.HttpResponse.create()));
    for (CompletableFuture<HttpResponse<String>> response : running) {
      assertEquals(200, response.get().statusCode());
    }
    assertEquals(0.0, value(scrape(), "atrium_edge_in_flight"));
  }
}
