package io.atrium.sharding.records;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.atrium.persistence.cassandra.CassandraSettings;
import io.atrium.persistence.cassandra.JournalSession;
import io.atrium.persistence.cassandra.ProjectionOffsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
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
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Keeps {@code record_keys} up to date from the event journal: one stream per tag slice, spread over
 * the cluster by {@link ShardedDaemonProcess}, so a crashed node's slices resume elsewhere from
 * their stored offset.
 *
 * <p>Delivery is at least once and rows are written with {@code USING TIMESTAMP <version>}: a replayed
 * or reordered event can never overwrite a newer version, and a delete is a tombstone at its version
 * that a later re-creation (higher version) supersedes. That makes the writes order-insensitive, so
 * events are taken in groups, only each key's newest change is written, and the changes of one
 * collection go to Cassandra as one unlogged single-partition batch: one mutation instead of one per
 * event, which is most of what a record write costs Cassandra beyond the journal itself.
 */
public final class RecordKeysProjection {

  static final String NAME = "record-keys";
  private final CassandraSession session;
  private final CassandraReadJournal journal;
  private final ProjectionOffsets offsets;
  private final String keyspace;
  private final RecordSettings.Listing settings;
  private final Executor executor;

  private RecordKeysProjection(ActorSystem<?> system, CassandraSettings cassandra, RecordSettings.Listing settings) {
    this.session = JournalSession.of(system);
    this.journal = PersistenceQuery.get(system)
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    this.offsets = new ProjectionOffsets(system, cassandra);
    this.keyspace = cassandra.projectKeyspace();
    this.settings = settings;
    this.executor = system.executionContext();
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

  /** Events of one group, written; {@code last} is the offset to resume after. */
  private record Written(long events, Offset last) {}

  private Source<Done, NotUsed> events(String tag) {
    // Statements are prepared per (re)start, so a Cassandra outage at start-up heals with the restart.
    return Source.completionStage(Statements.prepare(session, keyspace, executor)
            .thenCombineAsync(offsets.read(NAME, tag), StartPoint::new, executor))
        .flatMapConcat(start -> journal.eventsByTag(tag, start.offset())
            .groupedWithin(settings.writeGroup(), settings.writeInterval())
            .mapAsync(1, group -> write(start.statements(), group)
                .thenApply(done -> new Written((long) group.size(), group.get(group.size() - 1).offset()))))
        .groupedWeightedWithin(settings.offsetBatch(), Written::events, settings.offsetInterval())
        .mapAsync(1, written -> offsets.save(NAME, tag, written.get(written.size() - 1).last()));
  }

  private record StartPoint(Statements statements, Offset offset) {}

  /** Writes the newest change of each key in the group, one batch per collection (partition). */
  private CompletionStage<Done> write(Statements statements, List<EventEnvelope> group) {
    Map<RecordEntity.Address, RecordEvent> newest = new HashMap<>();
    for (EventEnvelope envelope : group) {
      if (envelope.event() instanceof RecordEvent event) {
        newest.merge(RecordEntity.Address.fromPersistenceId(envelope.persistenceId()), event,
            (a, b) -> a.version() >= b.version() ? a : b);
      }
    }
    Map<List<String>, List<BoundStatement>> byPartition = new HashMap<>();
    newest.forEach((address, event) -> byPartition
        .computeIfAbsent(List.of(address.tenant(), address.collection()), partition -> new ArrayList<>())
        .add(statements.bind(address, event)));
    CompletableFuture<?>[] writes = batches(byPartition.values()).stream()
        .map(batch -> session.executeWriteBatch(batch).toCompletableFuture())
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(writes).thenApply(all -> Done.getInstance());
  }

  private List<BatchStatement> batches(Collection<List<BoundStatement>> partitions) {
    List<BatchStatement> batches = new ArrayList<>();
    for (List<BoundStatement> rows : partitions) {
      for (int from = 0; from < rows.size(); from += settings.maxBatchRows()) {
        List<BoundStatement> slice = rows.subList(from, Math.min(rows.size(), from + settings.maxBatchRows()));
        batches.add(BatchStatement.newInstance(DefaultBatchType.UNLOGGED).addAll(slice));
      }
    }
    return batches;
  }

  /** The two prepared writes of the read side. */
  private record Statements(PreparedStatement upsert, PreparedStatement delete) {

    static CompletionStage<Statements> prepare(CassandraSession session, String keyspace, Executor executor) {
      return session.prepare("INSERT INTO " + keyspace + ".record_keys (tenant, collection, key, version, "
              + "updated_at) VALUES (?, ?, ?, ?, ?) USING TIMESTAMP ?")
          .thenCombineAsync(session.prepare("DELETE FROM " + keyspace + ".record_keys USING TIMESTAMP ? "
              + "WHERE tenant = ? AND collection = ? AND key = ?"), Statements::new, executor);
    }

    BoundStatement bind(RecordEntity.Address address, RecordEvent event) {
      if (event instanceof RecordEvent.Written written) {
        return upsert.bind(address.tenant(), address.collection(), address.key(), written.version(), written.at(),
            written.version());
      }
      return delete.bind(event.version(), address.tenant(), address.collection(), address.key());
    }
  }
}
