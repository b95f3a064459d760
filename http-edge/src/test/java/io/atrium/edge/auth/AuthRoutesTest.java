package io.atrium.edge.auth;

import static io.atrium.edge.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.edge.EdgeRoutes;
import io.atrium.edge.TestClusterNode;
import io.atrium.edge.TestHttp;
import io.atrium.edge.errors.JsonErrorHandling;
import io.atrium.edge.health.HealthRoutes;
import io.atrium.edge.health.Readiness;
import io.atrium.edge.ops.ClusterRoutes;
import io.atrium.edge.ops.ShardCounts;
import io.atrium.edge.ops.MembershipTracker;
import io.atrium.edge.records.RecordRoutes;
import io.atrium.edge.records.RecordsTestNode;
import io.atrium.edge.streams.StreamRoutes;
import io.atrium.edge.traffic.AdmissionSettings;
import io.atrium.edge.traffic.TestTraffic;
import io.atrium.sharding.Tenant;
import io.atrium.sharding.records.RecordEntity;
import io.atrium.sharding.records.RecordListing;
import io.atrium.sharding.records.RecordSettings;
import io.atrium.sharding.streams.StreamEntity;
import io.atrium.sharding.streams.StreamSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge as {@link io.atrium.edge.HttpEdge} assembles it, with authentication on (HS256 JWTs and
 * API keys in memory), the records and streams services on sharded entities, over real HTTP: the
 * auth matrix and tenant isolation on every endpoint.
 */
class AuthRoutesTest {

  private static final String A = "tenant-a";
  private static final String B = "tenant-b";
  private static final String JSON = "application/json";
  private static final AtomicInteger NAMES = new AtomicInteger();

  @TempDir
  static Path snapshots;
  private static ActorTestKit testKit;
  private static TestHttp http;
  /** Keys of each tenant's collections, as the listing read side would hold them. */
  private static final Map<String, List<RecordListing.Item>> listings = new ConcurrentHashMap<>();

  private static final String ADMIN = TestTokens.hs256(A, "admin");
  private static final String CLIENT_A = TestTokens.hs256(A, "client");
  private static final String CLIENT_B = TestTokens.hs256(B, "client");

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("AuthRoutesTest", RecordsTestNode.config(snapshots, ""));
    TestClusterNode.joinSelfAndAwaitUp(testKit);
    var system = testKit.system();
    RecordSettings records = RecordSettings.fromConfig(system.settings().config());
    RecordEntity.init(system, records);
    StreamSettings streams = StreamSettings.fromConfig(system.settings().config());
    StreamEntity.init(system, streams);
    RecordListing listing = (tenant, collection, prefix, limit, cursor) -> CompletableFuture.completedFuture(
        new RecordListing.Page(listings.getOrDefault(tenant.id() + "/" + collection, List.of()), Optional.empty()));

    Duration retryAfter = Duration.ofSeconds(1);
    Authentication auth = TestAuth.create(TestAuth.enabled(Map.of()), TestAuth.loadedCache(new InMemoryKeyStore()));
    EdgeRoutes routes = new EdgeRoutes(new JsonErrorHandling(retryAfter),
        new HealthRoutes(new Readiness(auth.readinessChecks(), Duration.ofSeconds(1)), retryAfter),
        new ClusterRoutes(Cluster.get(system), MembershipTracker.start(system),
        new ShardCounts(system, Duration.ofSeconds(1))),
        TestTraffic.control(AdmissionSettings.fixed(100), retryAfter), auth,
        List.of(new RecordRoutes(system, records, listing).route(), new StreamRoutes(system, streams).route()));
    http = TestHttp.bind(system, routes.route());
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

  // ---- requests -------------------------------------------------------------------------------

  private static HttpResponse<String> as(String token, String method, String path, String body) {
    return body == null
        ? http.request(method, path, null, "Authorization", "Bearer " + token)
        : http.request(method, path, body, "Authorization", "Bearer " + token, "Content-Type", JSON);
  }

  private static String record(String key) {
    return "/v1/records/things/" + key;
  }

  private static String fresh(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  private static void assertUnauthorized(HttpResponse<String> response, boolean tokenGiven) {
    assertEquals(401, response.statusCode(), response.body());
    assertEquals("unauthorized", json(response).path("error").path("code").asText(), response.body());
    String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
    assertTrue(challenge.startsWith("Bearer"), challenge);
    assertEquals(tokenGiven, challenge.matches(".*error=\"?invalid_token.*"), challenge);
  }

  private static JsonNode createKey(String tenant, String role) {
    HttpResponse<String> created = as(ADMIN, "POST", "/ops/keys", "{\"tenant\":\"" + tenant + "\",\"role\":\"" + role + "\"}");
    assertEquals(201, created.statusCode(), created.body());
    return json(created);
  }

  // ---- the auth matrix ------------------------------------------------------------------------

  @Test
  void healthStaysOpen() {
    assertEquals(200, http.get("/health/alive").statusCode());
    assertEquals(200, http.get("/health/ready").statusCode(), "the in-memory key list is loaded");
  }

  @Test
  void noTokenIs401WithABareChallenge() {
    assertUnauthorized(http.get(record("x")), false);
    assertUnauthorized(http.get("/ops/cluster"), false);
    assertUnauthorized(http.request("GET", record("x"), null, "Authorization", "Basic dXNlcjpwYXNz"), false);
  }

  @Test
  void badTokensAre401InvalidToken() {
    assertUnauthorized(as("nonsense", "GET", record("x"), null), true);
    assertUnauthorized(as("atr_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "GET", record("x"), null), true);
    assertUnauthorized(as(CLIENT_A.substring(0, CLIENT_A.length() - 2), "GET", record("x"), null), true);
  }

  @Test
  void expiredJwtIs401() {
    Instant longAgo = Instant.now().minus(Duration.ofHours(3));
    String expired = TestTokens.hs256(TestTokens.claims(A, "client", longAgo)
        .expirationTime(Date.from(longAgo.plus(Duration.ofHours(1)))).build());
    assertUnauthorized(as(expired, "GET", record("x"), null), true);
    assertTrue(as(expired, "GET", record("x"), null).body().contains("expired"));
  }

  @Test
  void wrongAudienceIs401() {
    String other = TestTokens.hs256(TestTokens.claims(A, "client", Instant.now()).audience("another-api").build());
    assertUnauthorized(as(other, "GET", record("x"), null), true);
  }

  @Test
  void aRevokedKeyIs401() {
    JsonNode key = createKey(A, "client");
    String token = key.path("key").asText();
    assertEquals(404, as(token, "GET", record(fresh("k")), null).statusCode());
    assertEquals(204, as(ADMIN, "DELETE", "/ops/keys/" + key.path("id").asText(), null).statusCode());
    assertUnauthorized(as(token, "GET", record(fresh("k")), null), true);
    // Revoking again is harmless; an unknown id is 404.
    assertEquals(204, as(ADMIN, "DELETE", "/ops/keys/" + key.path("id").asText(), null).statusCode());
    assertEquals(404, as(ADMIN, "DELETE", "/ops/keys/0000000000000000", null).statusCode());
  }

  @Test
  void aClientOnOpsIs403() {
    for (String path : List.of("/ops/cluster", "/ops/load", "/ops/keys")) {
      HttpResponse<String> response = as(CLIENT_A, "GET", path, null);
      assertEquals(403, response.statusCode(), path);
      assertEquals("forbidden", json(response).path("error").path("code").asText());
    }
    String clientKey = createKey(A, "client").path("key").asText();
    assertEquals(403, as(clientKey, "POST", "/ops/keys", "{\"tenant\":\"x\",\"role\":\"admin\"}").statusCode());
  }

  @Test
  void anAdminOnOpsIs200() {
    assertEquals(200, as(ADMIN, "GET", "/ops/cluster", null).statusCode());
    assertEquals(200, as(ADMIN, "GET", "/ops/load", null).statusCode());
    String adminKey = createKey("ops", "admin").path("key").asText();
    assertEquals(200, as(adminKey, "GET", "/ops/keys", null).statusCode());
  }

  @Test
  void keysAreShownOnceAndListedWithoutSecrets() {
    JsonNode created = createKey(B, "client");
    String token = created.path("key").asText();
    assertTrue(token.startsWith("atr_" + created.path("id").asText() + "_"), token);
    assertEquals(B, created.path("tenant").asText());
    assertEquals("client", created.path("role").asText());

    HttpResponse<String> list = as(ADMIN, "GET", "/ops/keys", null);
    assertEquals(200, list.statusCode());
    assertFalse(list.body().contains(token.substring(token.lastIndexOf('_') + 1)), "secret in listing");
    JsonNode listed = null;
    for (JsonNode key : json(list).path("keys")) {
      assertFalse(key.has("key") || key.has("salt") || key.has("secretHash"), key.toString());
      if (key.path("id").asText().equals(created.path("id").asText())) {
        listed = key;
      }
    }
    assertEquals(B, listed.path("tenant").asText());
    assertFalse(listed.has("revokedAt"));
  }

  @Test
  void badKeyRequestsAre400() {
    assertEquals(400, as(ADMIN, "POST", "/ops/keys", "{\"tenant\":\"Bad Tenant\",\"role\":\"client\"}").statusCode());
    assertEquals(400, as(ADMIN, "POST", "/ops/keys", "{\"tenant\":\"ok\",\"role\":\"root\"}").statusCode());
    assertEquals(400, as(ADMIN, "POST", "/ops/keys", "{\"tenant\":\"ok\"}").statusCode());
    assertEquals(400, as(ADMIN, "POST", "/ops/keys", "not json").statusCode());
  }

  @Test
  void anApiKeyActsForItsTenant() {
    String keyA = createKey(A, "client").path("key").asText();
    String key = fresh("k");
    assertEquals(201, as(keyA, "PUT", record(key), "{\"by\":\"key\"}").statusCode());
    assertEquals("{\"by\":\"key\"}", json(as(CLIENT_A, "GET", record(key), null)).path("value").toString());
    assertEquals(404, as(CLIENT_B, "GET", record(key), null).statusCode());
  }

  // ---- tenant isolation -----------------------------------------------------------------------

  @Test
  void tenantBCannotReadOverwriteOrDeleteTenantAsRecords() {
    String key = fresh("k");
    assertEquals(201, as(CLIENT_A, "PUT", record(key), "{\"owner\":\"a\"}").statusCode());

    HttpResponse<String> read = as(CLIENT_B, "GET", record(key), null);
    assertEquals(404, read.statusCode(), "invisible, not forbidden");
    assertEquals("not_found", json(read).path("error").path("code").asText());
    assertEquals(404, as(CLIENT_B, "DELETE", record(key), null).statusCode());
    assertEquals(404, http.request("PATCH", record(key), "{\"owner\":\"b\"}", "Authorization", "Bearer " + CLIENT_B,
        "Content-Type", "application/merge-patch+json").statusCode());
    // A conditional overwrite of "the existing record" finds none; a plain PUT creates B's own record.
    assertEquals(412, http.request("PUT", record(key), "{\"owner\":\"b\"}", "Authorization", "Bearer " + CLIENT_B,
        "Content-Type", JSON, "If-Match", "\"1\"").statusCode());
    HttpResponse<String> own = as(CLIENT_B, "PUT", record(key), "{\"owner\":\"b\"}");
    assertEquals(201, own.statusCode());
    assertEquals(1, json(own).path("version").asLong());

    JsonNode a = json(as(CLIENT_A, "GET", record(key), null));
    assertEquals(1, a.path("version").asLong());
    assertEquals("a", a.path("value").path("owner").asText());
    assertEquals("b", json(as(CLIENT_B, "GET", record(key), null)).path("value").path("owner").asText());
    // An admin of tenant A acts within tenant A on /v1 too.
    assertEquals("a", json(as(ADMIN, "GET", record(key), null)).path("value").path("owner").asText());
  }

  @Test
  void listingsAreAskedForTheCallersTenantOnly() {
    listings.put(A + "/things", List.of(new RecordListing.Item("only-a", 3)));
    HttpResponse<String> b = as(CLIENT_B, "GET", "/v1/records/things", null);
    assertEquals(200, b.statusCode());
    assertEquals(0, json(b).path("items").size(), b.body());
    JsonNode a = json(as(CLIENT_A, "GET", "/v1/records/things", null));
    assertEquals("only-a", a.path("items").get(0).path("key").asText());
  }

  @Test
  void tenantBCannotReadOrPostToTenantAsStreams() {
    String stream = "/v1/streams/" + fresh("s");
    String events = "[{\"value\": 1}, {\"value\": 2}]";
    assertEquals(200, as(CLIENT_A, "POST", stream + "/events", events).statusCode());

    assertEquals(404, as(CLIENT_B, "GET", stream + "/stats", null).statusCode());
    HttpResponse<String> posted = as(CLIENT_B, "POST", stream + "/events", "[{\"value\": 100}]");
    assertEquals(200, posted.statusCode());
    assertEquals(1, json(posted).path("sequence").asLong(), "B's own stream starts at 1");

    assertEquals(2, json(as(CLIENT_A, "GET", stream + "/stats", null)).path("allTime").path("count").asLong());
    assertEquals(1, json(as(CLIENT_B, "GET", stream + "/stats", null)).path("allTime").path("count").asLong());
  }

  @Test
  void theMeterNamesTheAuthenticatedTenant() {
    as(CLIENT_B, "GET", record(fresh("k")), null);
    JsonNode tenants = json(as(ADMIN, "GET", "/ops/load", null)).path("tenants");
    assertTrue(tenants.has(B), tenants.toString());
    assertFalse(tenants.has(Tenant.DEFAULT.id()), tenants.toString());
  }
}
