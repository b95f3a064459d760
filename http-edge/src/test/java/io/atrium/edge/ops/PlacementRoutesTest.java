package io.atrium.edge.ops;

import static io.atrium.edge.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.atrium.edge.TestClusterNode;
import io.atrium.edge.TestHttp;
import io.atrium.edge.auth.TestAuth;
import io.atrium.edge.errors.JsonErrorHandling;
import io.atrium.sharding.load.LoadReporting;
import io.atrium.sharding.load.LoadSettings;
import io.atrium.sharding.placement.PlacementSettings;
import io.atrium.sharding.placement.ShardPlacement;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /ops/placement} and the CPU fault switch on a one-node cluster with real load reports: the
 * fault makes the node report high CPU, placement marks it overloaded after {@code sustain}, and
 * healthy again after the fault is cleared; an entity type with the load-aware strategy still gets
 * its shards allocated (to the only node, overloaded or not).
 */
class PlacementRoutesTest {

  private static final Duration REPORT_INTERVAL = Duration.ofMillis(100);
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final EntityTypeKey<Echo> ECHO = EntityTypeKey.create(Echo.class, "placement-echo");

  /** An entity message: the entity answers with its id. */
  private record Echo(ActorRef<String> replyTo) {}

  private static ActorTestKit testKit;
  private static TestHttp http;
  private static String self;

  @BeforeAll
  static void start() {
    testKit = TestClusterNode.create("PlacementRoutesTest", "");
    TestClusterNode.joinSelfAndAwaitUp(testKit);
    self = Cluster.get(testKit.system()).selfMember().address().toString();
    LoadReporting load = LoadReporting.start(testKit.system(), new LoadSettings(REPORT_INTERVAL, Duration.ofSeconds(3)));
    PlacementSettings settings = PlacementSettings.fromConfig(ConfigFactory.parseString("""
        atrium.placement.sustain = 300ms
        atrium.placement.cpu-overload = 0.95
        atrium.placement.cpu-recover = 0.9
        """).withFallback(ConfigFactory.defaultReference()).resolve());
    ShardPlacement placement = ShardPlacement.start(testKit.system(), settings, load, REPORT_INTERVAL);
    ClusterSharding.get(testKit.system()).init(placement.applyTo(Entity.of(ECHO,
        context -> Behaviors.<Echo>receiveMessage(echo -> {
          echo.replyTo().tell(context.getEntityId());
          return Behaviors.same();
        }))));
    AllDirectives directives = new AllDirectives() {};
    http = TestHttp.bind(testKit.system(), TestAuth.around(TestAuth.disabled(), new JsonErrorHandling(Duration.ofSeconds(1)),
        directives.concat(new PlacementRoutes(placement).route(), new ReportedCpuFaultRoutes(load.sources()).route())));
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
  void theFaultMakesTheNodeOverloadedAfterSustainAndClearingItMakesItHealthyAgain() {
    awaitSelf(false);
    assertEquals(204, http.request("PUT", "/ops/faults/report-cpu", "{\"cpu\": 0.99}",
        "Content-Type", "application/json").statusCode());
    JsonNode overloaded = awaitSelf(true);
    assertEquals(0.99, overloaded.path("cpu").asDouble(), 1e-9);
    assertEquals("HIGH", overloaded.path("level").asText());
    assertEquals("e1", echo("e1"), "a shard is allocated even when every node is overloaded");

    assertEquals(204, http.request("DELETE", "/ops/faults/report-cpu", null).statusCode());
    awaitSelf(false);
    assertEquals("e2", echo("e2"));
  }

  @Test
  void aCpuOutsideZeroToOneIsRefused() {
    assertEquals(400, http.request("PUT", "/ops/faults/report-cpu", "{\"cpu\": 1.5}",
        "Content-Type", "application/json").statusCode());
    assertEquals(400, http.request("PUT", "/ops/faults/report-cpu", "{}",
        "Content-Type", "application/json").statusCode());
  }

  /** Waits until the view shows this node fresh and (not) overloaded, and returns its entry. */
  private static JsonNode awaitSelf(boolean overloaded) {
    TestHttp.awaitUntil("self " + (overloaded ? "overloaded" : "healthy"), WAIT, () -> {
      JsonNode node = selfEntry();
      return node.path("fresh").asBoolean() && node.path("overloaded").asBoolean() == overloaded;
    });
    return selfEntry();
  }

  private static JsonNode selfEntry() {
    JsonNode view = json(http.get("/ops/placement"));
    assertEquals(true, view.path("enabled").asBoolean(), view.toString());
    return view.path("nodes").path(self);
  }

  private static String echo(String entityId) {
    CompletionStage<String> reply = AskPattern.ask(ClusterSharding.get(testKit.system()).entityRefFor(ECHO, entityId),
        Echo::new, WAIT, testKit.system().scheduler());
    return reply.toCompletableFuture().join();
  }
}
