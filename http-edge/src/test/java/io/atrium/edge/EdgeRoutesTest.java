package io.atrium.edge;

import static io.atrium.edge.TestHttp.contentType;
import static io.atrium.edge.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.edge.auth.TestAuth;
import io.atrium.edge.errors.JsonErrorHandling;
import io.atrium.edge.health.HealthRoutes;
import io.atrium.edge.health.Readiness;
import io.atrium.edge.health.ReadinessCheck;
import io.atrium.edge.ops.ClusterRoutes;
import io.atrium.edge.ops.ShardCounts;
import io.atrium.edge.ops.MembershipTracker;
import io.atrium.edge.traffic.AdmissionSettings;
import io.atrium.edge.traffic.TestTraffic;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The edge's routes as {@link HttpEdge} assembles them (sealed by {@link JsonErrorHandling}), bound
 * for real on a one-node cluster. The dependency checks are stand-ins whose behaviour each test sets.
 */
class EdgeRoutesTest {

  private static final Duration READINESS_TIMEOUT = Duration.ofMillis(200);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

  private static ActorTestKit testKit;
  private static TestHttp http;
  private static Instant started;
  private static final Map<String, Supplier<CompletionStage<String>>> probes = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    started = Instant.now();
    testKit = TestClusterNode.create("EdgeRoutesTest", "");
    MembershipTracker tracker = MembershipTracker.start(testKit.system());
    TestClusterNode.joinSelfAndAwaitUp(testKit);

    ClusterRoutes cluster = new ClusterRoutes(Cluster.get(testKit.system()), tracker,
        new ShardCounts(testKit.system(), Duration.ofSeconds(1)));
    List<ReadinessCheck> checks = List.of(
        new ReadinessCheck("cluster", cluster::selfUp),
        new ReadinessCheck("cassandra", () -> probes.get("cassandra").get()),
        new ReadinessCheck("kafka", () -> probes.get("kafka").get()));
    HealthRoutes health = new HealthRoutes(new Readiness(checks, READINESS_TIMEOUT), RETRY_AFTER);
    EdgeRoutes routes = new EdgeRoutes(new JsonErrorHandling(RETRY_AFTER), health, cluster,
        TestTraffic.control(AdmissionSettings.fixed(10), RETRY_AFTER), TestAuth.disabled(), List.of());
    http = TestHttp.bind(testKit.system(), routes.route());
  }

  @AfterAll
  static void stop() {
    if (http != null) {
      http.close();
    }
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
  }

  @BeforeEach
  void allDependenciesHealthy() {
    probes.put("cassandra", () -> CompletableFuture.completedFuture("release 4.1.5"));
    probes.put("kafka", () -> CompletableFuture.completedFuture("1 broker(s)"));
  }

  private static List<String> texts(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(node -> result.add(node.asText()));
    return result;
  }

  private static JsonNode check(JsonNode checks, String name) {
    for (JsonNode check : checks) {
      if (check.path("name").asText().equals(name)) {
        return check;
      }
    }
    throw new AssertionError("no check " + name + " in " + checks);
  }

  private static JsonNode assertNotReady(HttpResponse<String> response, List<String> failed) {
    assertEquals(503, response.statusCode(), response.body());
    assertEquals("application/json", contentType(response));
    assertEquals("2", response.headers().firstValue("Retry-After").orElse(null));
    JsonNode error = json(response).path("error");
    assertEquals("not_ready", error.path("code").asText());
    assertEquals(failed, texts(error.path("details").path("failed")));
    for (String name : failed) {
      assertTrue(error.path("message").asText().contains(name), error.toString());
    }
    return error;
  }

  @Test
  void aliveAnswersJson() {
    HttpResponse<String> response = http.get("/health/alive");

    assertEquals(200, response.statusCode());
    assertEquals("application/json", contentType(response));
    assertEquals("alive", json(response).path("status").asText());
  }

  @Test
  void readyWhenEveryCheckPassesAndListsEachCheck() {
    HttpResponse<String> response = http.get("/health/ready");

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("application/json", contentType(response));
    JsonNode body = json(response);
    assertEquals("ready", body.path("status").asText());
    JsonNode checks = body.path("checks");
    assertEquals(3, checks.size());
    List<String> names = new ArrayList<>();
    checks.forEach(c -> names.add(c.path("name").asText()));
    assertEquals(List.of("cluster", "cassandra", "kafka"), names);
    checks.forEach(c -> assertTrue(c.path("ok").asBoolean(), c.toString()));
    assertEquals("Up", check(checks, "cluster").path("detail").asText());
    assertEquals("release 4.1.5", check(checks, "cassandra").path("detail").asText());
    assertEquals("1 broker(s)", check(checks, "kafka").path("detail").asText());
    assertFalse(response.headers().firstValue("Retry-After").isPresent());
  }

  @Test
  void notReadyNamesExactlyTheFailingCheck() {
    probes.put("cassandra", () -> CompletableFuture.failedFuture(new IllegalStateException("no host available")));

    JsonNode error = assertNotReady(http.get("/health/ready"), List.of("cassandra"));

    assertTrue(error.path("message").asText().contains("no host available"), error.toString());
    assertFalse(error.path("message").asText().contains("kafka"), error.toString());
    JsonNode checks = error.path("details").path("checks");
    assertFalse(check(checks, "cassandra").path("ok").asBoolean());
    assertEquals("no host available", check(checks, "cassandra").path("detail").asText());
    assertTrue(check(checks, "kafka").path("ok").asBoolean());
    assertTrue(check(checks, "cluster").path("ok").asBoolean());
  }

  @Test
  void checkThatNeverAnswersCountsAsFailedAfterTheReadinessTimeout() {
    probes.put("kafka", CompletableFuture::new);

    JsonNode error = assertNotReady(http.get("/health/ready"), List.of("kafka"));

    assertEquals("no answer within 200 ms",
        check(error.path("details").path("checks"), "kafka").path("detail").asText());
  }

  @Test
  void checkWhoseSupplierThrowsCountsAsFailedNotAsServerError() {
    probes.put("cassandra", () -> {
      throw new IllegalStateException("session not initialised");
    });

    JsonNode error = assertNotReady(http.get("/health/ready"), List.of("cassandra"));

    assertTrue(error.path("message").asText().contains("session not initialised"), error.toString());
  }

  @Test
  void everyFailingCheckIsNamedInCheckOrder() {
    probes.put("kafka", () -> CompletableFuture.failedFuture(new RuntimeException("broker down")));
    probes.put("cassandra", CompletableFuture::new);

    assertNotReady(http.get("/health/ready"), List.of("cassandra", "kafka"));
  }

  @Test
  void readinessIsEvaluatedOnEveryRequest() {
    probes.put("kafka", () -> CompletableFuture.failedFuture(new RuntimeException("broker down")));
    assertEquals(503, http.get("/health/ready").statusCode());

    probes.put("kafka", () -> CompletableFuture.completedFuture("3 broker(s)"));
    assertEquals(200, http.get("/health/ready").statusCode());
  }

  @Test
  void aliveStaysUpWhenNotReady() {
    probes.put("cassandra", () -> CompletableFuture.failedFuture(new RuntimeException("down")));

    assertEquals(200, http.get("/health/alive").statusCode());
  }

  @Test
  void opsClusterShowsThisNodeUp() {
    String self = Cluster.get(testKit.system()).selfMember().address().toString();
    // "up since" is recorded by the tracker actor when it sees MemberUp, shortly after the fact.
    TestHttp.awaitUntil("upSince recorded", Duration.ofSeconds(5),
        () -> !json(http.get("/ops/cluster")).path("members").path(0).path("upSince").isMissingNode());

    HttpResponse<String> response = http.get("/ops/cluster");

    assertEquals(200, response.statusCode());
    assertEquals("application/json", contentType(response));
    JsonNode body = json(response);
    assertTrue(self.startsWith("pekko://EdgeRoutesTest@127.0.0.1:"), self);
    assertEquals(self, body.path("self").asText());
    assertEquals("Up", body.path("selfStatus").asText());
    assertEquals(self, body.path("leader").asText());
    assertEquals(1, body.path("members").size());
    JsonNode member = body.path("members").path(0);
    assertEquals(self, member.path("address").asText());
    assertEquals("Up", member.path("status").asText());
    assertEquals(List.of("api", "edge"), texts(member.path("roles")), "sorted, without the dc- role");
    Instant upSince = Instant.parse(member.path("upSince").asText());
    assertFalse(upSince.isBefore(started), upSince + " before the test started at " + started);
    assertFalse(upSince.isAfter(Instant.now()));
    assertTrue(member.path("shards").isObject(), "shards per entity type (none started here): " + member);
    assertTrue(body.path("unreachable").isArray());
    assertEquals(0, body.path("unreachable").size());
  }

  @Test
  void unknownPathIsA404JsonError() {
    HttpResponse<String> response = http.get("/no/such/thing");

    assertEquals(404, response.statusCode());
    assertEquals("application/json", contentType(response));
    JsonNode error = json(response).path("error");
    assertEquals("not_found", error.path("code").asText());
    assertFalse(error.path("message").asText().isBlank());
  }

  @Test
  void postToOpsClusterIsA405JsonErrorThatAllowsGet() {
    HttpResponse<String> response = http.post("/ops/cluster", "application/json", "{}");

    assertEquals(405, response.statusCode());
    assertEquals("application/json", contentType(response));
    assertEquals("GET", response.headers().firstValue("Allow").orElse(null));
    assertEquals("method_not_allowed", json(response).path("error").path("code").asText());
  }

  @Test
  void postToReadyIsA405JsonError() {
    HttpResponse<String> response = http.post("/health/ready", "text/plain", "");

    assertEquals(405, response.statusCode());
    assertEquals("GET", response.headers().firstValue("Allow").orElse(null));
    assertEquals("method_not_allowed", json(response).path("error").path("code").asText());
  }
}
