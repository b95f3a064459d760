package io.atrium.sharding.jobs.runtime;

import io.atrium.persistence.serialization.CborSerializable;
import io.atrium.sharding.Tenant;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * A tenant's unfinished jobs, one entity per tenant: a submission takes a place (refused when the
 * backlog is full, so the edge answers 429), a job's end frees it. Persisted, so the backlog is the
 * same after a crash.
 */
public final class TenantBacklog extends EventSourcedBehaviorWithEnforcedReplies<TenantBacklog.Command,
    TenantBacklog.Event, TenantBacklog.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "job-backlog");

  private static final Duration RESTART_MIN = Duration.ofMillis(200);
  private static final Duration RESTART_MAX = Duration.ofSeconds(5);
  /** Jobs come and go; snapshots keep recovery to a few events. */
  private static final int SNAPSHOT_EVERY = 100;

  public sealed interface Command extends CborSerializable {}

  /** Takes a place for {@code job} if fewer than {@code limit} jobs are unfinished. */
  public record Reserve(String job, int limit, ActorRef<Reservation> replyTo) implements Command {}

  /** {@code job} ended; its place is free. */
  public record Release(String job) implements Command {}

  /** @param unfinished the tenant's unfinished jobs after the request (when refused: the current ones) */
  public record Reservation(boolean accepted, int unfinished) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  public record Reserved(String job) implements Event {}

  public record Released(String job) implements Event {}

  public record State(List<String> unfinished) implements CborSerializable {

    State apply(Event event) {
      Set<String> jobs = new HashSet<>(unfinished);
      if (event instanceof Reserved reserved) {
        jobs.add(reserved.job());
      } else if (event instanceof Released released) {
        jobs.remove(released.job());
      }
      return new State(List.copyOf(jobs));
    }
  }

  private TenantBacklog(String tenant) {
    super(PersistenceId.of(ENTITY_KEY.name(), tenant),
        SupervisorStrategy.restartWithBackoff(RESTART_MIN, RESTART_MAX, 0.2));
  }

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, entity -> create(entity.getEntityId())));
  }

  public static Behavior<Command> create(String tenant) {
    return new TenantBacklog(tenant);
  }

  public static String entityId(Tenant tenant) {
    return tenant.id();
  }

  @Override
  public State emptyState() {
    return new State(List.of());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Reserve.class, this::onReserve)
        .onCommand(Release.class, this::onRelease)
        .build();
  }

  private ReplyEffect<Event, State> onReserve(State state, Reserve reserve) {
    if (state.unfinished().contains(reserve.job())) {
      return Effect().reply(reserve.replyTo(), new Reservation(true, state.unfinished().size()));
    }
    if (state.unfinished().size() >= reserve.limit()) {
      return Effect().reply(reserve.replyTo(), new Reservation(false, state.unfinished().size()));
    }
    return Effect().persist(new Reserved(reserve.job()))
        .thenReply(reserve.replyTo(), after -> new Reservation(true, after.unfinished().size()));
  }

  private ReplyEffect<Event, State> onRelease(State state, Release release) {
    if (!state.unfinished().contains(release.job())) {
      return Effect().noReply();
    }
    return Effect().persist(new Released(release.job())).thenNoReply();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }
}
