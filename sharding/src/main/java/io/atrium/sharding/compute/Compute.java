package io.atrium.sharding.compute;

import io.atrium.sharding.balancer.BalancerCommand;
import io.atrium.sharding.balancer.BalancerSettings;
import io.atrium.sharding.balancer.BalancingRouter;
import io.atrium.sharding.balancer.MailboxWaitRecorder;
import io.atrium.sharding.balancer.MailboxWaitRecorder.MailboxWaitSample;
import io.atrium.sharding.balancer.MailboxWaits;
import io.atrium.sharding.jobs.JobTypes;
import io.atrium.sharding.load.LoadReporting;
import io.atrium.sharding.load.PoolLoad;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * This node's part of synchronous compute: a pool of compute workers registered with the
 * Receptionist (so every node's router can pick them), this node's {@link BalancingRouter} over
 * every node's workers, and the wiring of load reports both ways — the pool's figures go into this
 * node's report, every member's report goes to the router.
 */
public final class Compute {

  private final ActorRef<BalancerCommand<ComputeRequest>> router;
  private final Faults faults;

  private Compute(ActorRef<BalancerCommand<ComputeRequest>> router, Faults faults) {
    this.router = router;
    this.faults = faults;
  }

  /**
   * Starts the workers, the router and the load feed. Becomes this node's only source of worker-pool
   * figures in {@code load}.
   */
  public static Compute start(ActorSystem<?> system, ComputeSettings settings, BalancerSettings balancer,
      JobTypes types, LoadReporting load) {
    Faults faults = new Faults();
    PoolMeter meter = new PoolMeter();
    String node = Cluster.get(system).selfMember().address().toString();
    // Each worker on its own thread (pinned dispatcher) with a mailbox that measures waits.
    Props props = DispatcherSelector.fromConfig(ComputeSettings.DISPATCHER)
        .withMailboxFromConfig(ComputeSettings.MAILBOX);
    for (int i = 1; i <= settings.workers(); i++) {
      ActorRef<ComputeRequest> worker = system.systemActorOf(
          Behaviors.supervise(ComputeWorker.create(types, faults, meter, node)).onFailure(SupervisorStrategy.restart()),
          "compute-worker-" + i, props);
      system.receptionist().tell(Receptionist.register(ComputeKind.KEY, worker));
    }
    MailboxWaitRecorder waits = MailboxWaits.get(system).pool(ComputeSettings.POOL);
    load.sources().pools(() -> Map.of(ComputeSettings.POOL, poolLoad(waits.sample(), meter)));
    ActorRef<BalancerCommand<ComputeRequest>> router = system.systemActorOf(
        BalancingRouter.create(ComputeKind.KIND, balancer), "compute-router", Props.empty());
    system.systemActorOf(RouterLoadFeed.create(load, router, settings.loadFeedInterval(), System::nanoTime),
        "compute-load-feed", Props.empty());
    return new Compute(router, faults);
  }

  /** This node's router: send it {@code Route(ComputeRequest)} and {@code GetSnapshot}. */
  public ActorRef<BalancerCommand<ComputeRequest>> router() {
    return router;
  }

  /** The fault this node's workers apply (for {@code /ops/faults}). */
  public Faults faults() {
    return faults;
  }

  private static PoolLoad poolLoad(MailboxWaitSample waits, PoolMeter meter) {
    PoolMeter.Sample service = meter.sample(waits.queued());
    return new PoolLoad(waits.meanMillis(), service.serviceTimeMillis(), waits.queued(), waits.mailboxes(),
        service.errorRate());
  }
}
