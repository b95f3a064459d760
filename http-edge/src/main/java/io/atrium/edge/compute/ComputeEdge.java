package io.atrium.edge.compute;

import io.atrium.sharding.compute.Compute;
import io.atrium.sharding.compute.ComputeSettings;
import io.atrium.sharding.jobs.JobTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.server.Route;

/** The edge's compute routes over this node's {@link Compute}, as the node wires them. */
public final class ComputeEdge {

  private ComputeEdge() {}

  /** {@code POST /v1/compute/{type}}. */
  public static Route service(ActorSystem<?> system, ComputeSettings settings, Compute compute, JobTypes types,
      Duration retryAfter) {
    return new ComputeRoutes(system, settings, compute.router(), types, retryAfter).route();
  }

  /**
   * {@code GET /ops/balancer}, and {@code /ops/faults} only when fault injection is enabled (else 404).
   *
   * @param faultsEnabled {@code atrium.faults.enabled}, as the node's fault settings read it
   */
  public static List<Route> ops(ActorSystem<?> system, ComputeSettings settings, Compute compute,
      boolean faultsEnabled) {
    List<Route> routes = new ArrayList<>();
    routes.add(new BalancerRoutes(system, compute.router(), settings.askTimeout()).route());
    if (faultsEnabled) {
      routes.add(new FaultRoutes(compute.faults(), Cluster.get(system).selfMember().address().toString()).route());
    }
    return routes;
  }
}
