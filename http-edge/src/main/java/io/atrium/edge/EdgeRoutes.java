package io.atrium.edge;

import io.atrium.edge.auth.Authentication;
import io.atrium.edge.auth.KeyRoutes;
import io.atrium.edge.errors.JsonErrorHandling;
import io.atrium.edge.health.HealthRoutes;
import io.atrium.edge.ops.ClusterRoutes;
import io.atrium.edge.traffic.TrafficControl;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Every route the edge serves, sealed so that every failure is a JSON error. Every request gets a
 * request id and an access-log line; only the services' routes pass admission control, so health
 * and ops keep answering on a saturated node. Credentials are read first (the meter and the access
 * log name the caller's tenant) and checked inside the seal (a 401/403 gets a request id and a log line).
 */
public final class EdgeRoutes extends AllDirectives {

  private final JsonErrorHandling errors;
  private final HealthRoutes health;
  private final ClusterRoutes cluster;
  private final TrafficControl traffic;
  private final Authentication authentication;
  private final KeyRoutes keys;
  private final List<Route> services;
  private final List<Route> unguarded;

  public EdgeRoutes(JsonErrorHandling errors, HealthRoutes health, ClusterRoutes cluster, TrafficControl traffic,
      Authentication authentication, List<Route> services) {
    this(errors, health, cluster, traffic, authentication, services, List.of());
  }

  /**
   * @param unguarded routes that, like {@code /health} and {@code /ops}, are never admission-controlled:
   *     {@code /metrics} (open, like {@code /health}) and other packages' {@code /ops/*} routes (admin);
   *     the path decides the credentials a route needs
   */
  public EdgeRoutes(JsonErrorHandling errors, HealthRoutes health, ClusterRoutes cluster, TrafficControl traffic,
      Authentication authentication, List<Route> services, List<Route> unguarded) {
    this.errors = errors;
    this.health = health;
    this.cluster = cluster;
    this.traffic = traffic;
    this.authentication = authentication;
    this.keys = new KeyRoutes(authentication.keys(), Clock.systemUTC());
    this.services = List.copyOf(services);
    this.unguarded = List.copyOf(unguarded);
  }

  public Route route() {
    List<Route> all = new ArrayList<>(List.of(health.route(), cluster.route(), traffic.loadRoute(), keys.route()));
    all.addAll(unguarded);
    if (!services.isEmpty()) {
      all.add(traffic.admit(concat(services.get(0), services.subList(1, services.size()).toArray(Route[]::new))));
    }
    Route routes = concat(all.get(0), all.subList(1, all.size()).toArray(Route[]::new));
    return authentication.identify(() -> traffic.observe(errors::seal, authentication.authorize(() -> routes)));
  }
}
