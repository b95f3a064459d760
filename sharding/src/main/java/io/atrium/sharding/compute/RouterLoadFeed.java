package io.atrium.sharding.compute;

import io.atrium.sharding.balancer.BalancerCommand;
import io.atrium.sharding.load.ClusterLoad;
import io.atrium.sharding.load.ClusterLoadView;
import io.atrium.sharding.load.NodeLoad;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Hands every member's newest load report to this node's router as it arrives: checks the cluster
 * view's version every {@code interval} (one volatile read) and, when it moved, sends a
 * {@link BalancerCommand.ReportLoad} for each member whose report is new. Reports are dated on the
 * router's clock by their arrival here; the router discounts them as they age.
 */
final class RouterLoadFeed {

  private enum Tick { INSTANCE }

  private final ClusterLoadView view;
  private final ActorRef<BalancerCommand<ComputeRequest>> router;
  private final LongSupplier nanoClock;
  /** Per member, the sender's timestamp of the last report passed on. */
  private final Map<String, Long> passedOn = new HashMap<>();
  private long version = -1;

  private RouterLoadFeed(ClusterLoadView view, ActorRef<BalancerCommand<ComputeRequest>> router,
      LongSupplier nanoClock) {
    this.view = view;
    this.router = router;
    this.nanoClock = nanoClock;
  }

  static Behavior<Tick> create(ClusterLoadView view, ActorRef<BalancerCommand<ComputeRequest>> router,
      Duration interval, LongSupplier nanoClock) {
    return Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
      RouterLoadFeed feed = new RouterLoadFeed(view, router, nanoClock);
      return Behaviors.receiveMessage(tick -> {
        feed.onTick();
        return Behaviors.same();
      });
    });
  }

  private void onTick() {
    if (view.version() == version) {
      return;
    }
    ClusterLoad load = view.clusterLoad();
    version = load.version();
    long now = nanoClock.getAsLong();
    passedOn.keySet().retainAll(load.members().keySet());
    load.members().forEach((node, member) -> {
      NodeLoad report = member.report();
      Long previous = passedOn.put(node, report.sampledAt());
      if (previous == null || previous != report.sampledAt()) {
        long arrivedAt = now - TimeUnit.MILLISECONDS.toNanos(member.ageMillis());
        router.tell(new BalancerCommand.ReportLoad<>(AddressFromURIString.parse(node),
            RouteeLoads.of(report, ComputeSettings.POOL, arrivedAt)));
      }
    });
  }
}
