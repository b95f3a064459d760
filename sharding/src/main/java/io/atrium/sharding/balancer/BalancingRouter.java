package io.atrium.sharding.balancer;

import io.atrium.sharding.balancer.BalancerCommand.GetSnapshot;
import io.atrium.sharding.balancer.BalancerCommand.ReportLoad;
import io.atrium.sharding.balancer.BalancerCommand.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Routes each work request of one {@link WorkKind} to a routee registered with the Receptionist,
 * chosen by the configured {@link RoutingStrategy}. The router asks the routee on the requester's
 * behalf (with {@code atrium.balancer.ask-timeout}) and passes the reply on, so it knows every
 * routee's in-flight count, latency and failures; a timeout or failure counts as an error and the
 * requester gets the work kind's failure reply.
 */
public final class BalancingRouter<W, R> extends AbstractBehavior<BalancerCommand<W>> {

  private final WorkKind<W, R> kind;
  private final BalancerSettings settings;
  private final LongSupplier clock;
  private final RoutingStrategy strategy;
  private final Map<ActorRef<W>, RouteeStats> routees = new LinkedHashMap<>();
  /** The routees' stats in the map's order, handed to the strategy. */
  private List<RouteeStats> ordered = List.of();
  private List<ActorRef<W>> refs = List.of();

  private record RouteesChanged<W>(Set<ActorRef<W>> routees) implements RouterInternal<W> {}

  private record Completed<W, R>(ActorRef<W> routee, long startNanos, R reply, Throwable failure, ActorRef<R> replyTo)
      implements RouterInternal<W> {}

  public static <W, R> Behavior<BalancerCommand<W>> create(WorkKind<W, R> kind, BalancerSettings settings) {
    return create(kind, settings, System::nanoTime, new SplittableRandom());
  }

  /** With an injected nanosecond clock and random generator (tests). */
  public static <W, R> Behavior<BalancerCommand<W>> create(
      WorkKind<W, R> kind, BalancerSettings settings, LongSupplier clock, RandomGenerator random) {
    return Behaviors.setup(context -> new BalancingRouter<>(context, kind, settings, clock, random));
  }

  private BalancingRouter(ActorContext<BalancerCommand<W>> context, WorkKind<W, R> kind,
      BalancerSettings settings, LongSupplier clock, RandomGenerator random) {
    super(context);
    this.kind = kind;
    this.settings = settings;
    this.clock = clock;
    this.strategy = RoutingStrategy.create(settings, random);
    ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class,
        listing -> new RouteesChanged<>(listing.getServiceInstances(kind.key())));
    context.getSystem().receptionist().tell(Receptionist.subscribe(kind.key(), listings));
  }

  @Override
  @SuppressWarnings("unchecked")
  public Receive<BalancerCommand<W>> createReceive() {
    return newReceiveBuilder()
        .onMessage(Route.class, route -> onRoute((Route<W>) route))
        .onMessage(Completed.class, completed -> onCompleted((Completed<W, R>) completed))
        .onMessage(RouteesChanged.class, changed -> onRouteesChanged((RouteesChanged<W>) changed))
        .onMessage(ReportLoad.class, report -> onReportLoad((ReportLoad<W>) report))
        .onMessage(GetSnapshot.class, request -> onGetSnapshot((GetSnapshot<W>) request))
        .build();
  }

  private Behavior<BalancerCommand<W>> onRoute(Route<W> route) {
    ActorRef<R> replyTo = kind.replyTo().apply(route.work());
    if (refs.isEmpty()) {
      replyTo.tell(kind.failureReply().apply(new NoRouteeException(kind.key().id())));
      return this;
    }
    long now = clock.getAsLong();
    int chosen = strategy.select(ordered, now);
    ActorRef<W> routee = refs.get(chosen);
    ordered.get(chosen).dispatched(now);
    getContext().ask(kind.replyClass(), routee, settings.askTimeout(),
        self -> kind.redirect().apply(route.work(), self),
        (reply, failure) -> new Completed<>(routee, now, reply, failure, replyTo));
    return this;
  }

  private Behavior<BalancerCommand<W>> onCompleted(Completed<W, R> completed) {
    long now = clock.getAsLong();
    boolean failed = completed.failure() != null;
    RouteeStats stats = routees.get(completed.routee());
    if (stats != null) { // null: the routee left while the message was in flight
      stats.completed(now - completed.startNanos(), failed || kind.isError().test(completed.reply()), now);
    }
    completed.replyTo().tell(failed ? kind.failureReply().apply(completed.failure()) : completed.reply());
    return this;
  }

  private Behavior<BalancerCommand<W>> onRouteesChanged(RouteesChanged<W> changed) {
    routees.keySet().retainAll(changed.routees());
    long now = clock.getAsLong();
    for (ActorRef<W> routee : changed.routees()) {
      routees.computeIfAbsent(routee, ref -> new RouteeStats(name(ref), settings, now));
    }
    ordered = List.copyOf(routees.values());
    refs = List.copyOf(routees.keySet());
    return this;
  }

  private Behavior<BalancerCommand<W>> onReportLoad(ReportLoad<W> report) {
    routees.forEach((ref, stats) -> {
      if (node(ref).equals(report.node())) {
        stats.reported(report.load());
      }
    });
    return this;
  }

  private Behavior<BalancerCommand<W>> onGetSnapshot(GetSnapshot<W> request) {
    long now = clock.getAsLong();
    double[] weights = strategy.weights(ordered, now);
    long total = ordered.stream().mapToLong(stats -> stats.window().dispatchedCount(now)).sum();
    List<BalancerSnapshot.Routee> entries = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      entries.add(RouteeSnapshots.of(ordered.get(i), weights[i], total, now));
    }
    request.replyTo().tell(new BalancerSnapshot(kind.key().id(), settings.strategy().configName(),
        settings.windowSeconds(), entries));
    return this;
  }

  /** The routee's node; a local reference carries no host, so it is this system's address. */
  private Address node(ActorRef<?> ref) {
    Address address = ref.path().address();
    return address.hasLocalScope() ? getContext().getSystem().address() : address;
  }

  private String name(ActorRef<?> ref) {
    return ref.path().toStringWithAddress(node(ref));
  }
}
