package io.atrium.sharding.records;

import io.atrium.sharding.Tenant;
import io.atrium.sharding.placement.ShardPlacement;
import io.atrium.sharding.records.RecordCommand.Delete;
import io.atrium.sharding.records.RecordCommand.Get;
import io.atrium.sharding.records.RecordCommand.Patch;
import io.atrium.sharding.records.RecordCommand.Put;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
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
 * One record ({@code tenant/collection/key}), owned by exactly one entity in the cluster: writes to a
 * key are serialized here, versioned, and acknowledged only after the event is in the journal.
 */
public final class RecordEntity
    extends EventSourcedBehaviorWithEnforcedReplies<RecordCommand, RecordEvent, RecordState> {

  public static final EntityTypeKey<RecordCommand> ENTITY_KEY = EntityTypeKey.create(RecordCommand.class, "record");

  private static final Duration RESTART_MIN = Duration.ofMillis(200);
  private static final Duration RESTART_MAX = Duration.ofSeconds(5);

  private final RecordSettings settings;
  private final Set<String> tags;

  private RecordEntity(String entityId, RecordSettings settings) {
    super(PersistenceId.of(ENTITY_KEY.name(), entityId),
        SupervisorStrategy.restartWithBackoff(RESTART_MIN, RESTART_MAX, 0.2));
    this.settings = settings;
    this.tags = Set.of(tag(Math.floorMod(entityId.hashCode(), settings.listing().slices())));
  }

  /** Where a record lives, recovered from its persistence id ({@code record|tenant/collection/key}). */
  public record Address(String tenant, String collection, String key) {

    public static Address fromPersistenceId(String persistenceId) {
      String entityId = persistenceId.substring(persistenceId.indexOf(PersistenceId.DefaultSeparator()) + 1);
      int first = entityId.indexOf('/');
      int second = entityId.indexOf('/', first + 1);
      return new Address(entityId.substring(0, first), entityId.substring(first + 1, second),
          entityId.substring(second + 1));
    }
  }

  /** Starts sharding of records with Pekko's own shard placement (tests). */
  public static void init(ActorSystem<?> system, RecordSettings settings) {
    init(system, settings, ShardPlacement.pekkoDefault());
  }

  public static void init(ActorSystem<?> system, RecordSettings settings, ShardPlacement placement) {
    ClusterSharding.get(system).init(
        placement.applyTo(Entity.of(ENTITY_KEY, context -> create(context.getEntityId(), settings))));
  }

  public static Behavior<RecordCommand> create(String entityId, RecordSettings settings) {
    return new RecordEntity(entityId, settings);
  }

  /**
   * The journal tag of one slice; every record's events carry the tag of its slice. The listing and
   * the Kafka publication read the same tags.
   */
  public static String tag(int slice) {
    return "records-" + slice;
  }

  @Override
  public Set<String> tagsFor(RecordEvent event) {
    return tags;
  }

  public static String entityId(Tenant tenant, String collection, String key) {
    return tenant.entityId(collection, key);
  }

  @Override
  public RecordState emptyState() {
    return RecordState.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public CommandHandlerWithReply<RecordCommand, RecordEvent, RecordState> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Put.class, this::onPut)
        .onCommand(Patch.class, this::onPatch)
        .onCommand(Delete.class, this::onDelete)
        .onCommand(Get.class, this::onGet)
        .build();
  }

  private ReplyEffect<RecordEvent, RecordState> onPut(RecordState state, Put put) {
    return guarded(state, put.precondition(), put.idempotency(), put.replyTo(), false,
        () -> written(state, put.valueJson(), put.idempotency(), put.replyTo()));
  }

  private ReplyEffect<RecordEvent, RecordState> onPatch(RecordState state, Patch patch) {
    return guarded(state, patch.precondition(), patch.idempotency(), patch.replyTo(), true, () -> {
      RecordLimits limits = settings.limits();
      String merged;
      try {
        merged = limits.serialize(JsonMergePatch.apply(limits.parse(state.valueJson()), limits.parse(patch.patchJson())));
      } catch (RecordLimits.InvalidValueException e) {
        return Effect().reply(patch.replyTo(),
            new RecordReply.Rejected(e instanceof RecordLimits.ValueTooLargeException, e.getMessage()));
      }
      return written(state, merged, patch.idempotency(), patch.replyTo());
    });
  }

  private ReplyEffect<RecordEvent, RecordState> onDelete(RecordState state, Delete delete) {
    return guarded(state, delete.precondition(), delete.idempotency(), delete.replyTo(), true, () ->
        Effect().persist(new RecordEvent.Deleted(state.version() + 1, Instant.now(), delete.idempotency()))
            .thenReply(delete.replyTo(), after -> new RecordReply.Deleted(after.version())));
  }

  private ReplyEffect<RecordEvent, RecordState> onGet(RecordState state, Get get) {
    RecordReply reply = state.exists()
        ? new RecordReply.Current(state.valueJson(), state.version(), state.updatedAt())
        : new RecordReply.NotFound(state.version());
    return Effect().reply(get.replyTo(), reply);
  }

  /**
   * The checks every write goes through, in order: a retried idempotency key answers with its first
   * result; a failed precondition answers 412; a write that needs an existing record answers 404.
   * Only then does {@code write} run. None of the early answers persists anything.
   */
  private ReplyEffect<RecordEvent, RecordState> guarded(RecordState state, Precondition precondition,
      Optional<IdempotencyToken> idempotency, ActorRef<RecordReply> replyTo, boolean needsExisting,
      Supplier<ReplyEffect<RecordEvent, RecordState>> write) {
    Instant horizon = Instant.now().minus(settings.idempotencyRetention());
    Optional<RecordReply> replay = idempotency.flatMap(token -> state.replayOf(token, horizon));
    if (replay.isPresent()) {
      return Effect().reply(replyTo, replay.get());
    }
    if (!precondition.holdsFor(state)) {
      return Effect().reply(replyTo, new RecordReply.PreconditionFailed(state.exists(), state.version()));
    }
    if (needsExisting && !state.exists()) {
      return Effect().reply(replyTo, new RecordReply.NotFound(state.version()));
    }
    return write.get();
  }

  private ReplyEffect<RecordEvent, RecordState> written(RecordState state, String valueJson,
      Optional<IdempotencyToken> idempotency, ActorRef<RecordReply> replyTo) {
    RecordEvent.Written event =
        new RecordEvent.Written(valueJson, state.version() + 1, Instant.now(), !state.exists(), idempotency);
    return Effect().persist(event)
        .thenReply(replyTo, after -> new RecordReply.Written(after.version(), after.updatedAt(), event.created()));
  }

  @Override
  public EventHandler<RecordState, RecordEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onAnyEvent((state, event) -> state.apply(event, settings.idempotencyRetention()));
  }
}
