package io.atrium.edge;

import static io.atrium.edge.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node that has not joined a cluster is alive but must not take traffic. */
class EdgeRoutesBeforeJoinTest {

  private static ActorTestKit testKit;
  private static TestHttp http;

  @BeforeAll
  static void start() {
    testKit = TestClusterNode.create("EdgeRoutesBeforeJoinTest", "");
    ClusterRoutes cluster = new ClusterRoutes(Cluster.get(testKit.system()), MembershipTracker.start(testKit.system()),
        new ShardCounts(testKit.system(), Duration.ofSeconds(1)));
    Duration retryAfter = Duration.ofSeconds(1);
    HealthRoutes health = new HealthRoutes(
        new Readiness(List.of(new ReadinessCheck("cluster", cluster::selfUp)), Duration.ofSeconds(1)), retryAfter);
    http = TestHttp.bind(testKit.system(), new EdgeRoutes(new JsonErrorHandling(retryAfter), health, cluster,
        TestTraffic.control(AdmissionSettings.fixed(10), retryAfter), TestAuth.disabled(), List.of()).route());
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

  @Test
  void notReadyUntilThisNodeIsUp() {
    HttpResponse<String> response = http.get("/health/ready");

    assertEquals(503, response.statusCode(), response.body());
    assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
    JsonNode error = json(response).path("error");
    assertEquals("not_ready", error.path("code").asText());
    assertEquals("cluster", error.path("details").path("failed").path(0).asText());
    String detail = error.path("details").path("checks").path(0).path("detail").asText();
    assertTrue(detail.startsWith("member status is "), detail);
  }

  @Test
  void aliveAnswersEvenBeforeJoining() {
    assertEquals(200, http.get("/health/alive").statusCode());
  }

  @Test
  void opsClusterShowsNoMembersAndNoLeaderYet() {
    JsonNode body = json(http.get("/ops/cluster"));

    assertEquals(Cluster.get(testKit.system()).selfMember().address().toString(), body.path("self").asText());
    assertTrue(body.path("leader").isMissingNode(), "null leader is left out: " + body);
    assertEquals(0, body.path("members").size());
    assertTrue(!body.path("selfStatus").asText().equals("Up"), body.toString());
  }
}
