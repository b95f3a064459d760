package io.atrium.edge;

import io.atrium.edge.errors.JsonErrorHandling;
import io.atrium.edge.health.HealthRoutes;
import io.atrium.edge.ops.ClusterRoutes;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** Every route the edge serves, sealed so that every failure is a JSON error. */
public final class EdgeRoutes extends AllDirectives {

  private final JsonErrorHandling errors;
  private final HealthRoutes health;
  private final ClusterRoutes cluster;
  private final List<Route> services;

  public EdgeRoutes(JsonErrorHandling errors, HealthRoutes health, ClusterRoutes cluster, List<Route> services) {
    this.errors = errors;
    this.health = health;
    this.cluster = cluster;
    this.services = List.copyOf(services);
  }

  public Route route() {
    List<Route> all = new ArrayList<>(List.of(health.route(), cluster.route()));
    all.addAll(services);
    return errors.seal(concat(all.get(0), all.subList(1, all.size()).toArray(Route[]::new)));
  }
}
