package io.atrium.edge.traffic;

import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Tells admission control when shards start to move: a member comes Up (shards rebalance onto it),
 * leaves or exits (it hands its shards off), becomes unreachable, is downed or removed (its shards
 * start elsewhere once it is gone). Reachability coming back and joining (not yet hosting) move
 * nothing.
 */
final class HandoverWatch {

  private static final Set<Class<?>> MOVES_SHARDS = Set.of(ClusterEvent.MemberUp.class,
      ClusterEvent.MemberLeft.class, ClusterEvent.MemberExited.class, ClusterEvent.MemberDowned.class,
      ClusterEvent.MemberRemoved.class, ClusterEvent.UnreachableMember.class);

  private HandoverWatch() {}

  static void start(ActorSystem<?> system, AdmissionControl admission) {
    system.systemActorOf(behavior(admission), "admission-handover-watch", Props.empty());
  }

  private static Behavior<ClusterEvent.ClusterDomainEvent> behavior(AdmissionControl admission) {
    return Behaviors.setup(context -> {
      Cluster cluster = Cluster.get(context.getSystem());
      cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.MemberEvent.class));
      cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.UnreachableMember.class));
      return Behaviors.receive(ClusterEvent.ClusterDomainEvent.class)
          .onAnyMessage(event -> {
            if (MOVES_SHARDS.contains(event.getClass())) {
              admission.handoverObserved();
            }
            return Behaviors.same();
          })
          .build();
    });
  }
}
