package io.atrium.sharding.records;

import io.atrium.persistence.cassandra.CassandraSettings;
import io.atrium.persistence.cassandra.JournalSession;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.TimeBasedUUID;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * Keeps {@code record_keys} up to date from the event journal: one stream per tag slice, spread over
 * the cluster by {@link ShardedDaemonProcess}, so a crashed node's slices resume elsewhere from
 * their stored offset.
 *
 * <p>Delivery is at least once and rows are written with {@code USING TIMESTAMP <version>}: a replayed
 * or reordered event can never overwrite a newer version, and a delete is a tombstone at its version
 * that a later re-creation (higher version) supersedes. That makes the writes order-insensitive, so
 * they run in parallel.
 */
public final class RecordKeysProjection {

  static final String NAME = "record-keys";
  private static final int WRITE_PARALLELISM = 8;

  private final CassandraSession session;
  private final CassandraReadJournal journal;
  private final String keyspace;
  private final RecordSettings.Listing settings;

  private RecordKeysProjection(ActorSystem<?> system, CassandraSettings cassandra, RecordSettings.Listing settings) {
    this.session = JournalSession.of(system);
    this.journal = PersistenceQuery.get(system)
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    this.keyspace = cassandra.projectKeyspace();
    this.settings = settings;
  }

  /** Runs the projection's slices somewhere in the cluster. */
  public static void init(ActorSystem<?> system, CassandraSettings cassandra, RecordSettings settings) {
    RecordKeysProjection projection = new RecordKeysProjection(system, cassandra, settings.listing());
    ShardedDaemonProcess.get(system).init(Void.class, NAME, settings.listing().slices(),
        slice -> projection.slice(RecordEntity.tag(slice)));
  }

  private Behavior<Void> slice(String tag) {
    return Behaviors.setup(context -> {
      // The stream is bound to this actor's materializer: when the slice moves, the stream stops.
      Materializer materializer = Materializer.createMaterializer(context);
      RestartSettings restart = RestartSettings.create(settings.restartMin(), settings.restartMax(), 0.2);
      RestartSource.withBackoff(restart, () -> events(tag))
          .runWith(Sink.ignore(), materializer);
      return Behaviors.empty();
    });
  }

  private Source<Done, NotUsed> events(String tag) {
    return Source.completionStage(readOffset(tag))
        .flatMapConcat(offset -> journal.eventsByTag(tag, offset))
        .mapAsync(WRITE_PARALLELISM, envelope -> apply(envelope).thenApply(done -> envelope.offset()))
        .groupedWithin(settings.offsetBatch(), settings.offsetInterval())
        .mapAsync(1, offsets -> saveOffset(tag, offsets.get(offsets.size() - 1)));
  }

  private CompletionStage<Done> apply(EventEnvelope envelope) {
    RecordEntity.Address address = RecordEntity.Address.fromPersistenceId(envelope.persistenceId());
    Object event = envelope.event();
    if (event instanceof RecordEvent.Written written) {
      return session.executeWrite("INSERT INTO " + keyspace + ".record_keys (tenant, collection, key, version, "
              + "updated_at) VALUES (?, ?, ?, ?, ?) USING TIMESTAMP ?",
          address.tenant(), address.collection(), address.key(), written.version(), written.at(), written.version());
    }
    if (event instanceof RecordEvent.Deleted deleted) {
      return session.executeWrite("DELETE FROM " + keyspace + ".record_keys USING TIMESTAMP ? "
              + "WHERE tenant = ? AND collection = ? AND key = ?",
          deleted.version(), address.tenant(), address.collection(), address.key());
    }
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  private CompletionStage<Offset> readOffset(String tag) {
    return session.selectOne("SELECT time_offset FROM " + keyspace + ".projection_offsets "
            + "WHERE projection = ? AND slice = ?", NAME, tag)
        .thenApply(row -> row
            .map(r -> (Offset) new TimeBasedUUID(r.getUuid("time_offset")))
            .orElseGet(Offset::noOffset));
  }

  private CompletionStage<Done> saveOffset(String tag, Offset offset) {
    UUID uuid = ((TimeBasedUUID) offset).value();
    return session.executeWrite("INSERT INTO " + keyspace + ".projection_offsets (projection, slice, time_offset) "
        + "VALUES (?, ?, ?)", NAME, tag, uuid);
  }
}
