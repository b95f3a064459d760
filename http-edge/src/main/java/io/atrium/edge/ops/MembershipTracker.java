package io.atrium.edge.ops;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Remembers when this node first saw each member Up. Pekko's membership carries no timestamps, and
 * operators want "up since" to spot restarts; the time is this node's observation, which for members
 * that were Up before this node joined is the moment it joined.
 */
public final class MembershipTracker {

  private final Map<Address, Instant> upSince = new ConcurrentHashMap<>();

  private MembershipTracker() {}

  public static MembershipTracker start(ActorSystem<?> system) {
    MembershipTracker tracker = new MembershipTracker();
    system.systemActorOf(tracker.behavior(), "membership-tracker",
        org.apache.pekko.actor.typed.Props.empty());
    return tracker;
  }

  public Optional<Instant> upSince(Address address) {
    return Optional.ofNullable(upSince.get(address));
  }

  private Behavior<ClusterEvent.MemberEvent> behavior() {
    return Behaviors.setup(context -> {
      Cluster.get(context.getSystem()).subscriptions()
          .tell(Subscribe.create(context.getSelf(), ClusterEvent.MemberEvent.class));
      return Behaviors.receive(ClusterEvent.MemberEvent.class)
          .onMessage(ClusterEvent.MemberUp.class, up -> record(up.member().address()))
          .onMessage(ClusterEvent.MemberRemoved.class, removed -> forget(removed.member().address()))
          .onAnyMessage(event -> Behaviors.same())
          .build();
    });
  }

  private Behavior<ClusterEvent.MemberEvent> record(Address address) {
    upSince.putIfAbsent(address, Instant.now());
    return Behaviors.same();
  }

  private Behavior<ClusterEvent.MemberEvent> forget(Address address) {
    upSince.remove(address);
    return Behaviors.same();
  }
}
