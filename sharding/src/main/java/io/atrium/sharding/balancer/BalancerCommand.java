package io.atrium.sharding.balancer;

import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a {@link BalancingRouter} accepts. A router is node-local: it must sit next to its callers to
 * count their messages in flight and time them, so its commands never cross the network; the work
 * requests and replies it passes on do, and must be {@code CborSerializable}.
 *
 * @param <W> the work requests of the router's pool
 */
public sealed interface BalancerCommand<W> permits BalancerCommand.Route, BalancerCommand.ReportLoad,
    BalancerCommand.GetSnapshot, RouterInternal {

  /** Send {@code work} to the routee the strategy picks; the reply goes to the request's own replyTo. */
  record Route<W>(W work) implements BalancerCommand<W> {}

  /** The latest load report of a node, for every routee on that node. */
  record ReportLoad<W>(Address node, RouteeLoad load) implements BalancerCommand<W> {}

  /** The router's current view of its routees (for {@code GET /ops/balancer}). */
  record GetSnapshot<W>(ActorRef<BalancerSnapshot> replyTo) implements BalancerCommand<W> {}
}
