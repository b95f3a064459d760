package io.atrium.persistence.cassandra;

import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.TimeBasedUUID;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * How far each slice of each projection has read the event journal ({@code projection_offsets}):
 * an eventsByTag offset per (projection, slice). A projection resumes after its stored offset, so
 * everything after the last save is processed again: projections are at least once.
 */
public final class ProjectionOffsets {

  private final CassandraSession session;
  private final String table;
  private final Executor executor;

  public ProjectionOffsets(ActorSystem<?> system, CassandraSettings cassandra) {
    this.session = JournalSession.of(system);
    this.table = cassandra.projectKeyspace() + ".projection_offsets";
    this.executor = system.executionContext();
  }

  /** The stored offset of a slice, or {@link Offset#noOffset()} when it never saved one. */
  public CompletionStage<Offset> read(String projection, String slice) {
    return session.selectOne("SELECT time_offset FROM " + table + " WHERE projection = ? AND slice = ?",
            projection, slice)
        .thenApplyAsync(row -> row
            .map(r -> (Offset) new TimeBasedUUID(r.getUuid("time_offset")))
            .orElseGet(Offset::noOffset), executor);
  }

  /** Stores an eventsByTag offset (a {@link TimeBasedUUID}) of a slice. */
  public CompletionStage<Done> save(String projection, String slice, Offset offset) {
    UUID uuid = ((TimeBasedUUID) offset).value();
    return session.executeWrite("INSERT INTO " + table + " (projection, slice, time_offset) VALUES (?, ?, ?)",
        projection, slice, uuid);
  }
}
