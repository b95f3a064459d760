package io.atrium.edge.compute;

import io.atrium.edge.Json;
import io.atrium.sharding.balancer.BalancerCommand;
import io.atrium.sharding.balancer.BalancerSnapshot;
import io.atrium.sharding.compute.ComputeRequest;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /ops/balancer} (admin): this node's compute router, per routee and per node. */
final class BalancerRoutes extends AllDirectives {

  private final ActorSystem<?> system;
  private final ActorRef<BalancerCommand<ComputeRequest>> router;
  private final Duration timeout;
  private final String node;
  private final Executor dispatcher;

  /** @param timeout how long to wait for the router's snapshot (a timeout is the edge's 503) */
  BalancerRoutes(ActorSystem<?> system, ActorRef<BalancerCommand<ComputeRequest>> router, Duration timeout) {
    this.system = system;
    this.router = router;
    this.timeout = timeout;
    this.node = Cluster.get(system).selfMember().address().toString();
    this.dispatcher = system.executionContext();
  }

  public Route route() {
    return pathPrefix("ops", () -> path("balancer", () -> get(() -> onSuccess(
        AskPattern.<BalancerCommand<ComputeRequest>, BalancerSnapshot>ask(router, BalancerCommand.GetSnapshot::new,
            timeout, system.scheduler()).thenApplyAsync(snapshot -> BalancerView.of(node, snapshot), dispatcher),
        view -> complete(StatusCodes.OK, view, Json.marshaller())))));
  }
}
