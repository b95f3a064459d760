package io.atrium.persistence.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * How far each persistence id is published by a slice of a publishing projection
 * ({@code published_sequence_nrs}): the highest journal sequence number up to which all of the
 * key's events went out. Only ever raised: rows are written with {@code USING TIMESTAMP <sequence nr>}.
 */
public final class PublishedSequenceNrs {

  private final CassandraSession session;
  private final String table;
  private final Executor executor;
  private final PreparedStatements statements;

  public PublishedSequenceNrs(ActorSystem<?> system, CassandraSettings cassandra) {
    this.session = JournalSession.of(system);
    this.table = cassandra.projectKeyspace() + ".published_sequence_nrs";
    this.executor = system.executionContext();
    this.statements = new PreparedStatements(session::prepare);
  }

  /** The highest sequence number of {@code persistenceId} the slice has published; 0 when none. */
  public CompletionStage<Long> read(String projection, String slice, String persistenceId) {
    return statements.get("SELECT sequence_nr FROM " + table
            + " WHERE projection = ? AND slice = ? AND persistence_id = ?")
        .thenCompose(select -> session.selectOne(select.bind(projection, slice, persistenceId)))
        .thenApplyAsync(row -> row.map(r -> r.getLong("sequence_nr")).orElse(0L), executor);
  }

  /**
   * Raises the stored sequence numbers of a slice to {@code highest} (persistence id to sequence nr);
   * a stored number that is already higher stays. One partition per slice: one unlogged batch, a
   * single mutation (Cassandra's batch size limits do not apply to single-partition batches).
   */
  public CompletionStage<Done> save(String projection, String slice, Map<String, Long> highest) {
    if (highest.isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return statements.get("INSERT INTO " + table + " (projection, slice, persistence_id, sequence_nr)"
        + " VALUES (?, ?, ?, ?) USING TIMESTAMP ?").thenComposeAsync(statement -> {
      List<BoundStatement> rows = new ArrayList<>(highest.size());
      highest.forEach((persistenceId, sequenceNr) ->
          rows.add(statement.bind(projection, slice, persistenceId, sequenceNr, sequenceNr)));
      return session.executeWriteBatch(BatchStatement.newInstance(DefaultBatchType.UNLOGGED).addAll(rows));
    }, executor);
  }
}
