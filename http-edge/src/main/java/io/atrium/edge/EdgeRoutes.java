package io.atrium.edge;

import io.atrium.edge.errors.JsonErrorHandling;
import io.atrium.edge.health.HealthRoutes;
import io.atrium.edge.ops.ClusterRoutes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** Every route the edge serves, sealed so that every failure is a JSON error. */
public final class EdgeRoutes extends AllDirectives {

  private final JsonErrorHandling errors;
  private final HealthRoutes health;
  private final ClusterRoutes cluster;

  public EdgeRoutes(JsonErrorHandling errors, HealthRoutes health, ClusterRoutes cluster) {
    this.errors = errors;
    this.health = health;
    this.cluster = cluster;
  }

  public Route route() {
    return errors.seal(concat(health.route(), cluster.route()));
  }
}
