package io.atrium.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Write guards refuse the writes of stateful services only: a computation stores nothing. */
class ServiceRoutesTest {

  private static final WriteGuard REFUSING = () -> Optional.of(HttpResponse.create()
      .withStatus(StatusCodes.SERVICE_UNAVAILABLE).withEntity("no_quorum"));
  private static ActorTestKit testKit;
  private static TestHttp http;

  @BeforeAll
  static void bind() {
    testKit = ActorTestKit.create("service-routes");
    Route records = Directives.pathPrefix("records", () -> Directives.complete("stored"));
    Route compute = Directives.pathPrefix("compute", () -> Directives.complete("computed"));
    List<Route> routes = new ServiceRoutes(List.of(records), List.of(compute)).guardedBy(List.of(REFUSING));
    http = TestHttp.bind(testKit.system(), Directives.concat(routes.get(0), routes.subList(1, routes.size())
        .toArray(Route[]::new)));
  }

  @AfterAll
  static void stop() {
    http.close();
    testKit.shutdownTestKit();
  }

  @Test
  void aStatefulServicesWritesAreRefusedWhileAGuardRefuses() {
    assertEquals(503, http.post("/records/x", "application/json", "{}").statusCode());
  }

  @Test
  void aStatefulServicesReadsPass() {
    assertEquals("stored", http.get("/records/x").body());
  }

  @Test
  void aStatelessServicesPostsPass() {
    var reply = http.post("/compute/aggregate", "application/json", "{}");
    assertEquals(200, reply.statusCode());
    assertEquals("computed", reply.body());
  }
}
