package io.atrium.edge.traffic;

import static io.atrium.edge.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.atrium.edge.auth.TestAuth;
import io.atrium.edge.EdgeRoutes;
import io.atrium.edge.TestClusterNode;
import io.atrium.edge.TestHttp;
import io.atrium.edge.errors.ErrorResponses;
import io.atrium.edge.errors.JsonErrorHandling;
import io.atrium.edge.health.HealthRoutes;
import io.atrium.edge.health.Readiness;
import io.atrium.edge.ops.ClusterRoutes;
import io.atrium.edge.ops.ShardCounts;
import io.atrium.edge.ops.MembershipTracker;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The edge's routes as {@link io.atrium.edge.HttpEdge} assembles them, with a stand-in service whose
 * responses each test completes by hand ({@code /v1/records/held/{id}}), bound over real HTTP.
 */
class TrafficControlTest {

  private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
  private static final String HEX_ID = "[0-9a-f]{32}";

  private static ActorTestKit testKit;
  private static ClusterRoutes cluster;

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Map<String, CompletableFuture<org.apache.pekko.http.javadsl.model.HttpResponse>> held =
      new ConcurrentHashMap<>();
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private TestHttp http;

  @BeforeAll
  static void startNode() {
    testKit = TestClusterNode.create("TrafficControlTest", "");
    cluster = new ClusterRoutes(Cluster.get(testKit.system()), MembershipTracker.start(testKit.system()),
        new ShardCounts(testKit.system(), Duration.ofSeconds(1)));
  }

  @AfterAll
  static void stopNode() {
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
  }

  @AfterEach
  void releaseAndUnbind() {
    held.values().forEach(f -> f.complete(ok()));
    if (http != null) {
      http.close();
    }
  }

  /** A records-like service: {@code held} answers when the test says, {@code fast} at once. */
  private final class StandInService extends AllDirectives {
    Route route() {
      return pathPrefix("v1", () -> pathPrefix("records", () -> concat(
          path(PathMatchers.segment("held").slash(PathMatchers.segment()), id -> get(() ->
              completeWithFuture(held.computeIfAbsent(id, k -> new CompletableFuture<>())))),
          path(PathMatchers.segment("fast").slash(PathMatchers.segment()), key -> concat(
              get(() -> complete("ok")),
              put(() -> toStrictEntity(Duration.ofSeconds(1), () -> complete(StatusCodes.CREATED, "made"))))),
          path(PathMatchers.segment("missing").slash(PathMatchers.segment()), key -> get(() ->
              complete(ErrorResponses.error(StatusCodes.NOT_FOUND, "not_found", "No such record")))))));
    }
  }

  private TrafficControl start(AdmissionSettings admission, String serverConfig) {
    TrafficControl traffic = TestTraffic.control(admission, RETRY_AFTER, clock);
    HealthRoutes health = new HealthRoutes(new Readiness(List.of(), Duration.ofSeconds(1)), RETRY_AFTER);
    EdgeRoutes routes = new EdgeRoutes(new JsonErrorHandling(RETRY_AFTER), health, cluster, traffic,
        TestAuth.disabled(), List.of(new StandInService().route()));
    http = TestHttp.bind(testKit.system(), routes.route(), ServerSettings.create(
        ConfigFactory.parseString(serverConfig).withFallback(testKit.system().settings().config())));
    return traffic;
  }

  private static org.apache.pekko.http.javadsl.model.HttpResponse ok() {
    return org.apache.pekko.http.javadsl.model.HttpResponse.create().withEntity("done");
  }

  private static org.apache.pekko.http.javadsl.model.HttpResponse status(int status) {
    return org.apache.pekko.http.javadsl.model.HttpResponse.create().withStatus(status).withEntity("status");
  }

  /** Sends a request that the stand-in holds, and waits until the service has it (it was admitted). */
  private CompletableFuture<HttpResponse<String>> admittedAndHeld(String id) {
    CompletableFuture<HttpResponse<String>> response = client.sendAsync(
        HttpRequest.newBuilder(http.uri("/v1/records/held/" + id)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    TestHttp.awaitUntil("request " + id + " admitted", Duration.ofSeconds(5), () -> held.containsKey(id));
    return response;
  }

  private static HttpResponse<String> await(CompletableFuture<HttpResponse<String>> response) {
    try {
      return response.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no response", e);
    }
  }

  private static String header(HttpResponse<String> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private void assertOverloaded(HttpResponse<String> response) {
    assertEquals(503, response.statusCode(), response.body());
    assertEquals("overloaded", json(response).path("error").path("code").asText());
    assertEquals("2", header(response, "Retry-After"));
    assertTrue(header(response, RequestIds.HEADER).matches(HEX_ID), response.headers().toString());
  }

  private JsonNode load() {
    HttpResponse<String> response = http.get("/ops/load");
    assertEquals(200, response.statusCode(), response.body());
    return json(response);
  }

  @Test
  void overLimitRequestIsShedAtOnceWhileHealthAndOpsStillAnswer() {
    start(AdmissionSettings.fixed(2), "");
    CompletableFuture<HttpResponse<String>> first = admittedAndHeld("1");
    CompletableFuture<HttpResponse<String>> second = admittedAndHeld("2");

    HttpResponse<String> third = http.request("GET", "/v1/records/held/3", null, RequestIds.HEADER, "shed-me");

    assertEquals(503, third.statusCode());
    assertEquals("overloaded", json(third).path("error").path("code").asText());
    assertEquals("2", header(third, "Retry-After"));
    assertEquals("shed-me", header(third, RequestIds.HEADER));
    assertFalse(held.containsKey("3"), "a shed request never reaches the service");
    assertEquals(200, http.get("/health/alive").statusCode());
    assertEquals(200, http.get("/health/ready").statusCode());
    assertEquals(200, http.get("/ops/cluster").statusCode());
    JsonNode load = load();
    assertEquals(2, load.path("inFlight").asLong());
    assertEquals(2, load.path("concurrencyLimit").asInt());
    assertEquals(1, load.path("shed").path("overloaded").asLong());
    assertFalse(first.isDone() || second.isDone(), "the held requests are still running");
  }

  private void assertSlotFreedWhen(Consumer<CompletableFuture<org.apache.pekko.http.javadsl.model.HttpResponse>> finish,
      int expectedStatus) {
    TrafficControl traffic = start(AdmissionSettings.fixed(2), "");
    CompletableFuture<HttpResponse<String>> first = admittedAndHeld("a");
    CompletableFuture<HttpResponse<String>> second = admittedAndHeld("b");
    assertOverloaded(http.get("/v1/records/held/c"));

    finish.accept(held.get("a"));
    assertEquals(expectedStatus, await(first).statusCode());

    CompletableFuture<HttpResponse<String>> fourth = admittedAndHeld("d");
    held.get("b").complete(ok());
    held.get("d").complete(ok());
    assertEquals(200, await(second).statusCode());
    assertEquals(200, await(fourth).statusCode());
    assertEquals(0, traffic.report().inFlight());
  }

  @Test
  void permitIsReleasedOnSuccess() {
    assertSlotFreedWhen(f -> f.complete(ok()), 200);
  }

  @Test
  void permitIsReleasedOnServerErrorStatus() {
    assertSlotFreedWhen(f -> f.complete(status(500)), 500);
  }

  @Test
  void permitIsReleasedOnClientErrorStatus() {
    assertSlotFreedWhen(f -> f.complete(status(409)), 409);
  }

  @Test
  void permitIsReleasedWhenTheServiceFails() {
    // The handler logs the stack trace at ERROR; JsonErrorHandlingTest checks that, here it is noise.
    Logger handlerLog = (Logger) LoggerFactory.getLogger(JsonErrorHandling.class);
    Level before = handlerLog.getLevel();
    handlerLog.setLevel(Level.OFF);
    try {
      assertSlotFreedWhen(f -> f.completeExceptionally(new IllegalStateException("boom")), 500);
    } finally {
      handlerLog.setLevel(before);
    }
  }

  @Test
  void permitIsReleasedOnRequestTimeoutAndALateAnswerDoesNotReleaseItAgain() {
    start(AdmissionSettings.fixed(2), "pekko.http.server.request-timeout = 1s");
    CompletableFuture<HttpResponse<String>> first = admittedAndHeld("t1");
    CompletableFuture<HttpResponse<String>> second = admittedAndHeld("t2");

    for (HttpResponse<String> timedOut : List.of(await(first), await(second))) {
      assertEquals(503, timedOut.statusCode());
      assertEquals("request_timeout", json(timedOut).path("error").path("code").asText());
      assertEquals("2", header(timedOut, "Retry-After"));
      assertTrue(header(timedOut, RequestIds.HEADER).matches(HEX_ID));
    }
    // The services answer after all; their permits were already released by the timeout.
    held.get("t1").complete(ok());
    held.get("t2").complete(status(500));

    admittedAndHeld("t3");
    admittedAndHeld("t4");
    assertOverloaded(http.get("/v1/records/held/t5"));
    JsonNode load = load();
    assertEquals(2, load.path("shed").path("timeout").asLong());
    assertEquals(1, load.path("shed").path("overloaded").asLong());
    assertEquals(2, load.path("inFlight").asLong());
  }

  @Test
  void admissionOffAdmitsBeyondAnyLimit() {
    start(new AdmissionSettings(false, AdmissionSettings.Algorithm.FIXED, 1, 1, 1, 1.5, 0.2, 600, 4,
        java.time.Duration.ofSeconds(1), java.time.Duration.ZERO), "");
    admittedAndHeld("x");
    admittedAndHeld("y");
    admittedAndHeld("z");

    JsonNode load = load();
    assertEquals(3, load.path("inFlight").asLong());
    assertTrue(load.path("concurrencyLimit").isMissingNode(), load.toString());
  }

  @Test
  void requestIdIsEchoedGeneratedOrReplacedOnEveryResponse() {
    start(AdmissionSettings.fixed(10), "");

    assertEquals("client-id_1.a", header(
        http.request("GET", "/health/alive", null, RequestIds.HEADER, "client-id_1.a"), RequestIds.HEADER));
    assertEquals("svc-7", header(
        http.request("GET", "/v1/records/fast/k", null, RequestIds.HEADER, "svc-7"), RequestIds.HEADER));
    String generated = header(http.get("/v1/records/fast/k"), RequestIds.HEADER);
    assertTrue(generated.matches(HEX_ID), generated);
    assertNotEquals(generated, header(http.get("/v1/records/fast/k"), RequestIds.HEADER));
    String replaced = header(http.request("GET", "/v1/records/fast/k", null, RequestIds.HEADER, "not safe!"),
        RequestIds.HEADER);
    assertTrue(replaced.matches(HEX_ID), replaced);
    assertTrue(header(http.request("GET", "/v1/records/fast/k", null, RequestIds.HEADER, "x".repeat(129)),
        RequestIds.HEADER).matches(HEX_ID));
    HttpResponse<String> notFound = http.request("GET", "/no/such/thing", null, RequestIds.HEADER, "nf-1");
    assertEquals(404, notFound.statusCode());
    assertEquals("nf-1", header(notFound, RequestIds.HEADER));
    HttpResponse<String> notAllowed = http.request("POST", "/v1/records/fast/k", "{}", RequestIds.HEADER, "na-1",
        "Content-Type", "application/json");
    assertEquals(405, notAllowed.statusCode());
    assertEquals("na-1", header(notAllowed, RequestIds.HEADER));
  }

  @Test
  void opsLoadReportsRatesLatencyAndOutcomesPerRouteAndTenant() {
    start(AdmissionSettings.fixed(10), "");
    clock.set(5_000_500);
    http.get("/health/alive"); // not service traffic: never counted
    for (int i = 0; i < 3; i++) {
      assertEquals(200, http.get("/v1/records/fast/k" + i).statusCode());
    }
    assertEquals(201, http.request("PUT", "/v1/records/fast/k", "{}", "Content-Type", "application/json").statusCode());
    assertEquals(404, http.get("/v1/records/missing/k").statusCode());
    assertEquals(405, http.request("POST", "/v1/records/fast/k", "{}", "Content-Type", "application/json")
        .statusCode());

    clock.set(5_001_000); // second 5000 is now complete
    JsonNode load = load();

    assertEquals("pekko://test@127.0.0.1:1", load.path("node").asText());
    assertRates(load.path("lambda"), 6);
    assertRates(load.path("completed"), 6);
    assertEquals(0, load.path("inFlight").asLong());
    assertEquals(10, load.path("concurrencyLimit").asInt());
    assertEquals(0, load.path("shed").path("overloaded").asLong());
    assertEquals(0, load.path("shed").path("timeout").asLong());
    assertEquals(1, load.path("rejected").path("404").asLong());
    assertEquals(1, load.path("rejected").path("405").asLong());
    assertEquals(List.of("records.get", "records.post", "records.put"), fieldNames(load.path("routes")));
    JsonNode get = load.path("routes").path("records.get");
    assertRates(get.path("lambda"), 4);
    assertRates(get.path("completed"), 4);
    JsonNode latency = get.path("latency").path("10s");
    assertEquals(4, latency.path("count").asLong());
    for (String field : List.of("p50", "p90", "p99", "p999", "max")) {
      assertTrue(latency.path(field).asDouble() > 0, field + " in " + latency);
      assertTrue(latency.path(field).asDouble() < 10_000, field + " in " + latency);
    }
    assertTrue(latency.path("p50").asDouble() <= latency.path("max").asDouble());
    assertEquals(4, get.path("latency").path("60s").path("count").asLong());
    assertRates(load.path("routes").path("records.put").path("lambda"), 1);
    assertEquals(List.of("default"), fieldNames(load.path("tenants")));
    assertRates(load.path("tenants").path("default").path("lambda"), 6);

    clock.set(5_061_000); // a minute later everything has left every window
    JsonNode later = load();
    assertEquals(0.0, later.path("lambda").path("60s").asDouble());
    assertEquals(0, later.path("routes").path("records.get").path("latency").path("60s").path("count").asLong());
    assertEquals(1, later.path("rejected").path("404").asLong(), "outcome counts are totals since start");
  }

  /** n requests in the last complete second: n/s over 1 s, n/10 over 10 s, n/60 over 60 s. */
  private static void assertRates(JsonNode rates, int n) {
    assertEquals(n, rates.path("1s").asDouble(), 1e-9, rates.toString());
    assertEquals(n / 10.0, rates.path("10s").asDouble(), 1e-9, rates.toString());
    assertEquals(Math.round(n / 60.0 * 1000) / 1000.0, rates.path("60s").asDouble(), 1e-9, rates.toString());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void accessLogWritesOneLinePerRequestWithItsFields() {
    Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Level before = logger.getLevel();
    logger.setLevel(Level.INFO);
    logger.setAdditive(false); // into the list only, not onto the console
    logger.addAppender(lines);
    try {
      start(AdmissionSettings.fixed(10), "");
      http.request("GET", "/v1/records/fast/secret-key", null, RequestIds.HEADER, "log-1");
      http.request("GET", "/v1/records/missing/k", null, RequestIds.HEADER, "log-2");
      http.request("GET", "/health/ready", null, RequestIds.HEADER, "log-3");

      List<String> messages = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertEquals(3, messages.size(), messages.toString());
      assertTrue(messages.get(0).matches("method=GET route=records\\.get status=200 latencyMs=\\d+\\.\\d{3} "
          + "tenant=default requestId=log-1"), messages.get(0));
      assertTrue(messages.get(1).contains("route=records.get status=404 "), messages.get(1));
      assertTrue(messages.get(2).contains("route=health.ready status=200 "), messages.get(2));
      assertTrue(messages.get(2).endsWith("requestId=log-3"), messages.get(2));
      assertFalse(messages.get(0).contains("secret-key"), "the raw path stays out of the log");
      ILoggingEvent first = lines.list.get(0);
      assertEquals(Level.INFO, first.getLevel());
      assertTrue(first.getKeyValuePairs().stream().anyMatch(kv -> kv.key.equals("route") && kv.value.equals("records.get")),
          first.getKeyValuePairs().toString());
    } finally {
      logger.detachAppender(lines);
      logger.setAdditive(true);
      logger.setLevel(before);
    }
  }
}
