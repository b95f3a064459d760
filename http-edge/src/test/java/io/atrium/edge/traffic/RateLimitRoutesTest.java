package io.atrium.edge.traffic;

import static io.atrium.edge.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.edge.EdgeRoutes;
import io.atrium.edge.TestClusterNode;
import io.atrium.edge.TestHttp;
import io.atrium.edge.auth.TestAuth;
import io.atrium.edge.errors.ErrorResponses;
import io.atrium.edge.errors.JsonErrorHandling;
import io.atrium.edge.health.HealthRoutes;
import io.atrium.edge.health.Readiness;
import io.atrium.edge.ops.ClusterRoutes;
import io.atrium.edge.ops.ShardCounts;
import io.atrium.edge.ops.MembershipTracker;
import io.atrium.edge.ratelimit.RateLimitResponses;
import io.atrium.edge.ratelimit.RateLimitSettings.ShareWindow;
import io.atrium.edge.ratelimit.RateLimitSettings.TenantLimit;
import io.atrium.edge.ratelimit.RateLimitSettings;
import io.atrium.edge.ratelimit.RateLimiter;
import io.atrium.edge.ratelimit.TestLoads;
import io.atrium.sharding.Tenant;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tenant rate limit as the edge applies it, over real HTTP: a bucket of 3 at 1 request/s on a
 * clock that stands still unless the test moves it.
 */
class RateLimitRoutesTest {

  private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
  private static final long SECOND_NANOS = 1_000_000_000L;

  private static ActorTestKit testKit;
  private static ClusterRoutes cluster;

  private final AtomicLong nanoClock = new AtomicLong(7 * SECOND_NANOS);
  private final AtomicInteger served = new AtomicInteger();
  private TestHttp http;

  @BeforeAll
  static void startNode() {
    testKit = TestClusterNode.create("RateLimitRoutesTest", "");
    cluster = new ClusterRoutes(Cluster.get(testKit.system()), MembershipTracker.start(testKit.system()),
        new ShardCounts(testKit.system(), Duration.ofSeconds(1)));
  }

  @AfterAll
  static void stopNode() {
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
  }

  /** A records-like service that counts what reaches it. */
  private final class CountingService extends AllDirectives {
    Route route() {
      return pathPrefix("v1", () -> pathPrefix("records", () -> concat(
          path(PathMatchers.segment("fast").slash(PathMatchers.segment()), key -> get(() -> {
            served.incrementAndGet();
            return complete("ok");
          })),
          path(PathMatchers.segment("missing").slash(PathMatchers.segment()), key -> get(() ->
              complete(ErrorResponses.error(StatusCodes.NOT_FOUND, "not_found", "No such record")))))));
    }
  }

  @BeforeEach
  void bind() {
    TestLoads loads = new TestLoads();
    loads.set(TestLoads.fresh(TestLoads.SELF, Tenant.DEFAULT.id(), 0));
    RateLimitSettings settings = new RateLimitSettings(true, new TenantLimit(1, 3), Map.of(), 0.1,
        ShareWindow.TEN_SECONDS);
    TrafficControl traffic = new TrafficControl(AdmissionControl.create(AdmissionSettings.fixed(10)),
        new TrafficMeter(new AtomicLong()::get), false, RETRY_AFTER, TestLoads.SELF,
        new RateLimiter(settings, loads, nanoClock::get), loads);
    HealthRoutes health = new HealthRoutes(new Readiness(List.of(), Duration.ofSeconds(1)), RETRY_AFTER);
    EdgeRoutes routes = new EdgeRoutes(new JsonErrorHandling(RETRY_AFTER), health, cluster, traffic,
        TestAuth.disabled(), List.of(new CountingService().route()));
    http = TestHttp.bind(testKit.system(), routes.route());
  }

  @AfterEach
  void unbind() {
    http.close();
  }

  private static String header(HttpResponse<String> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private static void assertRateLimitHeaders(HttpResponse<String> response, String limit, String remaining,
      String reset) {
    assertEquals(limit, header(response, RateLimitResponses.LIMIT), response.headers().toString());
    assertEquals(remaining, header(response, RateLimitResponses.REMAINING), response.headers().toString());
    assertEquals(reset, header(response, RateLimitResponses.RESET), response.headers().toString());
  }

  @Test
  void everySuccessCarriesTheHeadersAndTheRequestOverTheLimitGets429() {
    for (int remaining = 2; remaining >= 0; remaining--) {
      HttpResponse<String> ok = http.get("/v1/records/fast/k");
      assertEquals(200, ok.statusCode());
      // Reset: seconds until the bucket of 3 is full again at 1/s.
      assertRateLimitHeaders(ok, "3", Integer.toString(remaining), Integer.toString(3 - remaining));
    }

    HttpResponse<String> limited = http.get("/v1/records/fast/k");

    assertEquals(429, limited.statusCode(), limited.body());
    assertTrue(header(limited, "Content-Type").startsWith("application/json"));
    assertEquals(RateLimitResponses.CODE, json(limited).path("error").path("code").asText());
    assertFalse(json(limited).path("error").path("message").asText().isBlank());
    assertEquals("1", header(limited, "Retry-After"));
    assertRateLimitHeaders(limited, "3", "0", "3");
    assertTrue(header(limited, RequestIds.HEADER) != null, "a 429 has a request id too");
    assertEquals(3, served.get(), "a refused request never reaches the service");
  }

  @Test
  void tokensComeBackAtTheRateAndOnlySuccessesCarryTheHeaders() {
    for (int i = 0; i < 3; i++) {
      http.get("/v1/records/fast/k");
    }
    assertEquals(429, http.get("/v1/records/fast/k").statusCode());

    nanoClock.addAndGet(SECOND_NANOS);
    HttpResponse<String> again = http.get("/v1/records/fast/k");
    assertEquals(200, again.statusCode());
    assertRateLimitHeaders(again, "3", "0", "3");

    nanoClock.addAndGet(SECOND_NANOS);
    HttpResponse<String> notFound = http.get("/v1/records/missing/k");
    assertEquals(404, notFound.statusCode());
    assertEquals(null, header(notFound, RateLimitResponses.LIMIT), "a 404 took a token but carries no headers");
    assertEquals(429, http.get("/v1/records/fast/k").statusCode());
  }

  @Test
  void healthAndOpsAreNeverLimitedAndOpsLoadCountsAndExplains() {
    for (int i = 0; i < 5; i++) {
      http.get("/v1/records/fast/k");
    }
    HttpResponse<String> alive = http.get("/health/alive");
    assertEquals(200, alive.statusCode());
    assertEquals(null, header(alive, RateLimitResponses.LIMIT));

    HttpResponse<String> response = http.get("/ops/load");
    assertEquals(200, response.statusCode(), response.body());
    JsonNode load = json(response);
    assertEquals(2, load.path("shed").path("rate-limited").asLong(), load.toString());
    assertEquals(0, load.path("shed").path("overloaded").asLong());
    JsonNode rate = load.path("rateLimits").path(Tenant.DEFAULT.id());
    assertEquals(1.0, rate.path("share").asDouble(), "the only reporting node owns the whole rate");
    assertEquals(1.0, rate.path("clusterRate").asDouble());
    assertEquals(3.0, rate.path("burst").asDouble());
    JsonNode self = load.path("cluster").path("members").path(TestLoads.SELF);
    assertFalse(self.path("stale").asBoolean(), load.toString());
    assertEquals(TestLoads.SELF, self.path("report").path("node").asText());
    assertEquals(1, load.path("cluster").path("sum").path("nodes").asInt());
    assertEquals(TestLoads.STALE_AFTER_MILLIS, load.path("cluster").path("staleAfterMillis").asLong());
  }
}
