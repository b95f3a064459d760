package io.atrium.edge.compute;

import static io.atrium.edge.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.atrium.edge.TestClusterNode;
import io.atrium.edge.TestHttp;
import io.atrium.edge.auth.TestAuth;
import io.atrium.edge.errors.JsonErrorHandling;
import io.atrium.sharding.balancer.BalancerSettings;
import io.atrium.sharding.compute.Compute;
import io.atrium.sharding.compute.ComputeSettings;
import io.atrium.sharding.jobs.JobSettings;
import io.atrium.sharding.jobs.JobTypes;
import io.atrium.sharding.load.LoadReporting;
import io.atrium.sharding.load.LoadSettings;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/compute/{type}}, {@code GET /ops/balancer} and {@code /ops/faults} over real HTTP on a
 * one-node cluster with its compute workers and router, sealed as the edge seals them. Two servers
 * share the node: one with fault injection enabled, one without.
 */
class ComputeRoutesTest {

  private static final int WORKERS = 2;
  private static final int MAX_BODY = 4096;
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final String NDJSON = "application/x-ndjson";
  private static final String BODY = "{\"k\":\"a\",\"v\":1}\n{\"k\":\"b\",\"v\":2}\n{\"k\":\"a\",\"v\":4}\n";
  private static final String AGGREGATE = "/v1/compute/aggregate?params="
      + URLEncoder.encode("{\"groupBy\":[\"k\"],\"field\":\"v\"}", StandardCharsets.UTF_8);

  private static ActorTestKit testKit;
  private static Compute compute;
  private static TestHttp http;
  private static TestHttp withFaults;

  @BeforeAll
  static void start() {
    testKit = TestClusterNode.create("ComputeRoutesTest", """
        pekko.actor.serialization-bindings {
          "io.atrium.persistence.serialization.CborSerializable" = jackson-cbor
        }
        atrium.compute.workers = %d
        atrium.compute.max-body-bytes = %d
        """.formatted(WORKERS, MAX_BODY));
    TestClusterNode.joinSelfAndAwaitUp(testKit);
    ActorSystem<Void> system = testKit.system();
    Config config = system.settings().config();
    ComputeSettings settings = ComputeSettings.fromConfig(config);
    JobTypes types = JobTypes.create(JobSettings.fromConfig(config));
    LoadReporting load = LoadReporting.start(system, LoadSettings.fromConfig(config));
    compute = Compute.start(system, settings, BalancerSettings.fromConfig(config), types, load);
    Route service = ComputeEdge.service(system, settings, compute, types, RETRY_AFTER);
    http = bind(system, service, ComputeEdge.ops(system, settings, compute, false));
    withFaults = bind(system, service, ComputeEdge.ops(system, settings, compute, true));
    TestHttp.awaitUntil("the router to know " + WORKERS + " workers", Duration.ofSeconds(10),
        () -> json(http.get("/ops/balancer")).path("routees").size() == WORKERS);
  }

  private static TestHttp bind(ActorSystem<?> system, Route service, List<Route> ops) {
    List<Route> all = new ArrayList<>(ops);
    all.add(service);
    Route routes = Directives.concat(all.get(0), all.subList(1, all.size()).toArray(Route[]::new));
    return TestHttp.bind(system, TestAuth.around(TestAuth.disabled(), new JsonErrorHandling(RETRY_AFTER), routes));
  }

  @AfterEach
  void clearFaults() {
    compute.faults().clear();
  }

  @AfterAll
  static void stop() {
    http.close();
    withFaults.close();
    testKit.shutdownTestKit();
  }

  private static String self() {
    return Cluster.get(testKit.system()).selfMember().address().toString();
  }

  private static void assertError(HttpResponse<String> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(code, json(response).path("error").path("code").asText(), response.body());
  }

  @Test
  void computesTheJobOverTheBodyAndNamesTheNode() {
    HttpResponse<String> response = http.post(AGGREGATE, NDJSON, BODY);
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(self(), response.headers().firstValue(ComputeRoutes.COMPUTED_BY).orElse(""));
    JsonNode groups = json(response).path("groups");
    assertEquals(2, groups.size(), response.body());
    assertEquals(5.0, groups.path(0).path("sum").asDouble(), response.body());
    assertEquals(200, http.post("/v1/compute/aggregate?params=%7B%22field%22%3A%22v%22%7D", "application/ndjson", "")
        .statusCode(), "an empty body is an empty dataset");
  }

  @Test
  void aBadRowIsA400NamingTheLine() {
    HttpResponse<String> response = http.post(AGGREGATE, NDJSON, BODY + "\n{\"k\":\"c\",\"v\":\n");
    assertError(response, 400, "invalid_row");
    assertTrue(json(response).path("error").path("message").asText().startsWith("line 5: "), response.body());
  }

  @Test
  void badParamsAreA400BeforeAnyRouting() {
    assertError(http.post("/v1/compute/aggregate?params=%7Bnope", NDJSON, BODY), 400, "invalid_params");
    HttpResponse<String> missing = http.post("/v1/compute/aggregate", NDJSON, BODY);
    assertError(missing, 400, "invalid_params");
    assertTrue(json(missing).path("error").path("message").asText().contains("params.field"), missing.body());
    assertError(http.post("/v1/compute/topk?params=%7B%22field%22%3A%22k%22%2C%22x%22%3A1%7D", NDJSON, BODY),
        400, "invalid_params");
  }

  @Test
  void unknownTypeWrongMediaTypeAndTooLargeBody() {
    assertError(http.post("/v1/compute/sort", NDJSON, BODY), 404, "unknown_job_type");
    assertError(http.post(AGGREGATE, "application/json", BODY), 415, "unsupported_media_type");
    String large = BODY.repeat(MAX_BODY / BODY.length() + 1);
    assertError(http.post(AGGREGATE, NDJSON, large), 413, "payload_too_large");
    assertEquals(405, http.get(AGGREGATE).statusCode());
  }

  @Test
  void opsBalancerShowsEveryRouteeAndTheNodesShare() {
    for (int i = 0; i < 10; i++) {
      assertEquals(200, http.post(AGGREGATE, NDJSON, BODY).statusCode());
    }
    JsonNode view = json(http.get("/ops/balancer"));
    assertEquals("atrium", view.path("strategy").asText(), view.toString());
    assertEquals(self(), view.path("node").asText());
    assertEquals(WORKERS, view.path("routees").size(), view.toString());
    for (JsonNode routee : view.path("routees")) {
      for (String field : List.of("routee", "weight", "share", "lambda", "inFlight", "p50Millis", "p99Millis",
          "ejected", "admission")) {
        assertTrue(routee.has(field), field + " missing in " + routee);
      }
      assertTrue(routee.path("routee").asText().startsWith(self() + "/system/compute-worker-"), routee.toString());
    }
    JsonNode node = view.path("nodes").path(self());
    assertEquals(WORKERS, node.path("routees").asInt(), view.toString());
    assertEquals(1.0, node.path("share").asDouble(), 1e-9, view.toString());
    assertTrue(node.path("lambda").asDouble() > 0, view.toString());
  }

  @Test
  void faultsAre404UnlessEnabled() {
    assertEquals(404, http.request("POST", "/ops/faults", "{\"latencyMs\":20}", "Content-Type", "application/json")
        .statusCode());
    assertEquals(404, http.request("DELETE", "/ops/faults", null).statusCode());
    assertEquals(404, http.get("/ops/faults").statusCode());
  }

  @Test
  void injectedErrorsFailComputesUntilCleared() {
    HttpResponse<String> set = withFaults.request("POST", "/ops/faults",
        "{\"latencyMs\":1,\"cpuBurnMs\":1,\"errorRate\":1.0,\"probability\":1.0}", "Content-Type", "application/json");
    assertEquals(200, set.statusCode(), set.body());
    assertEquals(1.0, json(set).path("fault").path("errorRate").asDouble(), set.body());
    assertEquals(self(), json(set).path("node").asText());
    assertEquals(1, json(withFaults.get("/ops/faults")).path("fault").path("latencyMs").asLong());

    assertError(withFaults.post(AGGREGATE, NDJSON, BODY), 500, "compute_failed");

    HttpResponse<String> cleared = withFaults.request("DELETE", "/ops/faults", null);
    assertEquals(200, cleared.statusCode(), cleared.body());
    assertEquals(0.0, json(cleared).path("fault").path("probability").asDouble(), cleared.body());
    assertEquals(200, withFaults.post(AGGREGATE, NDJSON, BODY).statusCode());
  }

  @Test
  void anInvalidFaultIsA400AndChangesNothing() {
    for (String body : List.of("{\"errorRate\":1.5}", "{\"latencyMs\":-1}", "{\"latency\":20}", "[]", "null", "")) {
      HttpResponse<String> response = withFaults.request("POST", "/ops/faults", body,
          "Content-Type", "application/json");
      assertError(response, 400, "invalid_fault");
    }
    assertEquals(0.0, json(withFaults.get("/ops/faults")).path("fault").path("probability").asDouble());
  }
}
