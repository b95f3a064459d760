package io.atrium.edge.traffic;

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
          .onMessage(ClusterEvent.MemberUp.class, event -> observed(admission))
          .onMessage(ClusterEvent.MemberLeft.class, event -> observed(admission))
          .onMessage(ClusterEvent.MemberExited.class, event -> observed(admission))
          .onMessage(ClusterEvent.MemberDowned.class, event -> observed(admission))
          .onMessage(ClusterEvent.MemberRemoved.class, event -> observed(admission))
          .onMessage(ClusterEvent.UnreachableMember.class, event -> observed(admission))
          .onAnyMessage(event -> Behaviors.same())
          .build();
    });
  }

  private static Behavior<ClusterEvent.ClusterDomainEvent> observed(AdmissionControl admission) {
    admission.handoverObserved();
    return Behaviors.same();
  }
}
