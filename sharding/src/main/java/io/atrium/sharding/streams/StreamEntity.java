package io.atrium.sharding.streams;

import io.atrium.sharding.Tenant;
import io.atrium.sharding.placement.ShardPlacement;
import io.atrium.sharding.streams.StreamCommand.Append;
import io.atrium.sharding.streams.StreamCommand.GetStats;
import io.atrium.sharding.streams.StreamEvent.Appended;
import io.atrium.sharding.streams.StreamReply.Accepted;
import io.atrium.sharding.streams.StreamReply.NotFound;
import io.atrium.sharding.streams.StreamReply.Rejected;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One stream of numeric events ({@code tenant/streams/name}), owned by exactly one entity in the
 * cluster. Each request is one command and one journal event holding the whole batch; the reply goes
 * out once that event is durable. Aggregates (windows and all-time) are rebuilt from the newest
 * snapshot plus the events after it.
 */
public final class StreamEntity
    extends EventSourcedBehaviorWithEnforcedReplies<StreamCommand, StreamEvent, StreamState> {

  public static final EntityTypeKey<StreamCommand> ENTITY_KEY = EntityTypeKey.create(StreamCommand.class, "stream");

  /** The scope part of every stream's entity id, between tenant and stream name. */
  static final String SCOPE = "streams";
  private static final int SNAPSHOTS_KEPT = 2;
  private static final Duration RESTART_MIN = Duration.ofMillis(200);
  private static final Duration RESTART_MAX = Duration.ofSeconds(5);
  private static final double RESTART_JITTER = 0.2;

  private final StreamSettings settings;
  private final String entityId;
  private final Set<String> tags;

  private StreamEntity(String entityId, StreamSettings settings) {
    super(PersistenceId.of(ENTITY_KEY.name(), entityId),
        SupervisorStrategy.restartWithBackoff(RESTART_MIN, RESTART_MAX, RESTART_JITTER));
    this.entityId = entityId;
    this.settings = settings;
    this.tags = Set.of(tag(Math.floorMod(entityId.hashCode(), settings.slices())));
  }

  /** Which stream a journal event belongs to, recovered from its persistence id ({@code stream|tenant/streams/name}). */
  public record Address(String tenant, String stream) {

    public static Address fromPersistenceId(String persistenceId) {
      String entityId = persistenceId.substring(persistenceId.indexOf(PersistenceId.DefaultSeparator()) + 1);
      int first = entityId.indexOf('/');
      int second = entityId.indexOf('/', first + 1);
      return new Address(entityId.substring(0, first), entityId.substring(second + 1));
    }
  }

  /**
   * The journal tag of one slice; every stream's events carry the tag of its slice (read by the
   * Kafka publication). Events written before streams were tagged carry none.
   */
  public static String tag(int slice) {
    return "streams-" + slice;
  }

  @Override
  public Set<String> tagsFor(StreamEvent event) {
    return tags;
  }

  /** Registers the entity type with sharding on this node; call once at start-up. */
  /** Starts sharding of streams with Pekko's own shard placement (tests). */
  public static void init(ActorSystem<?> system, StreamSettings settings) {
    init(system, settings, ShardPlacement.pekkoDefault());
  }

  public static void init(ActorSystem<?> system, StreamSettings settings, ShardPlacement placement) {
    ClusterShardingSettings sharding = ClusterShardingSettings.create(system);
    ClusterSharding.get(system).init(placement.applyTo(
        Entity.of(ENTITY_KEY, context -> create(context.getEntityId(), settings))
            .withSettings(sharding.withPassivationStrategy(sharding.passivationStrategySettings()
                .withIdleEntityPassivation(settings.passivationIdleTimeout())))));
  }

  public static Behavior<StreamCommand> create(String entityId, StreamSettings settings) {
    return new StreamEntity(entityId, settings);
  }

  public static String entityId(Tenant tenant, String stream) {
    return tenant.entityId(SCOPE, stream);
  }

  public static EntityRef<StreamCommand> entityRef(ActorSystem<?> system, Tenant tenant, String stream) {
    return ClusterSharding.get(system).entityRefFor(ENTITY_KEY, entityId(tenant, stream));
  }

  @Override
  public StreamState emptyState() {
    return StreamState.empty(settings.retention());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), SNAPSHOTS_KEPT);
  }

  /**
   * The state is mutable (see {@link StreamState}); a snapshot is an immutable copy taken here, in
   * the entity, before the snapshot store serializes it on another thread.
   */
  @Override
  public SnapshotAdapter<StreamState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(StreamState state) {
        return state.toSnapshot();
      }

      @Override
      public StreamState fromJournal(Object from) {
        if (from instanceof StreamSnapshot snapshot) {
          return StreamState.fromSnapshot(snapshot, settings.retention());
        }
        throw new IllegalStateException("unexpected snapshot " + from.getClass().getName());
      }
    };
  }

  @Override
  public CommandHandlerWithReply<StreamCommand, StreamEvent, StreamState> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Append.class, this::onAppend)
        .onCommand(GetStats.class, this::onGetStats)
        .build();
  }

  private ReplyEffect<StreamEvent, StreamState> onAppend(StreamState state, Append append) {
    Optional<String> problem = append.batch().problem(settings.maxEventsPerRequest());
    if (problem.isPresent()) {
      return Effect().reply(append.replyTo(), new Rejected(problem.get()));
    }
    int accepted = append.batch().size();
    return Effect().persist(new Appended(append.batch()))
        .thenReply(append.replyTo(), after -> new Accepted(accepted, after.batches()));
  }

  private ReplyEffect<StreamEvent, StreamState> onGetStats(StreamState state, GetStats query) {
    if (!state.exists()) {
      return Effect().reply(query.replyTo(), new NotFound(entityId));
    }
    return Effect().reply(query.replyTo(), state.stats(query.window(), query.last()));
  }

  @Override
  public EventHandler<StreamState, StreamEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Appended.class, StreamEntity::onAppended)
        .build();
  }

  private static StreamState onAppended(StreamState state, Appended appended) {
    return state.apply(appended.batch());
  }
}
