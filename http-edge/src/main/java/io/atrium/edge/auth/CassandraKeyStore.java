package io.atrium.edge.auth;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.atrium.persistence.cassandra.CassandraSettings;
import io.atrium.persistence.cassandra.JournalSession;
import io.atrium.sharding.Tenant;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * API keys in {@code <project keyspace>.api_keys} (DDL in persistence's {@code project.cql}). All keys
 * share one partition, so each node's periodic refresh is one single-partition read however many
 * nodes and keys there are. Reads and writes use QUORUM (as the journal does), so a refresh that
 * starts after a revocation was acknowledged sees it, whatever the replication factor.
 */
public final class CassandraKeyStore implements ApiKeyStore {

  /** The one partition (see the DDL). */
  private static final int BUCKET = 0;
  private static final ConsistencyLevel CONSISTENCY = ConsistencyLevel.QUORUM;

  private final Supplier<CompletionStage<CqlSession>> session;
  private final Executor executor;
  private final String table;

  /**
   * @param session the driver session, possibly still connecting
   * @param executor where callbacks run (never the JDK's common pool: see the edge's hot-path note)
   */
  public CassandraKeyStore(Supplier<CompletionStage<CqlSession>> session, Executor executor, String keyspace) {
    this.session = session;
    this.executor = executor;
    this.table = keyspace + ".api_keys";
  }

  /** The store a node uses: the journal's session, callbacks on the system's dispatcher. */
  public static CassandraKeyStore forNode(ActorSystem<?> system, CassandraSettings cassandra) {
    return new CassandraKeyStore(JournalSession.of(system)::underlying, system.executionContext(),
        cassandra.projectKeyspace());
  }

  /** The store the CLI uses, on a session it opened itself. */
  public static CassandraKeyStore forSession(CqlSession session, CassandraSettings cassandra) {
    return new CassandraKeyStore(() -> CompletableFuture.completedFuture(session), Runnable::run,
        cassandra.projectKeyspace());
  }

  @Override
  public CompletionStage<Void> insert(StoredKey key) {
    return execute(statement("INSERT INTO " + table
            + " (bucket, id, tenant, role, salt, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        BUCKET, key.id(), key.tenant().id(), key.role().label(), ByteBuffer.wrap(key.salt()),
        ByteBuffer.wrap(key.secretHash()), key.createdAt()))
        .thenApplyAsync(rows -> null, executor);
  }

  @Override
  public CompletionStage<Boolean> revoke(String id, Instant at) {
    return execute(statement("SELECT revoked_at FROM " + table + " WHERE bucket = ? AND id = ?", BUCKET, id))
        .thenComposeAsync(rows -> {
          Row row = rows.one();
          if (row == null) {
            return CompletableFuture.completedFuture(false);
          }
          if (row.getInstant("revoked_at") != null) {
            return CompletableFuture.completedFuture(true);
          }
          return execute(statement("UPDATE " + table + " SET revoked_at = ? WHERE bucket = ? AND id = ?", at, BUCKET, id))
              .thenApplyAsync(done -> true, executor);
        }, executor);
  }

  @Override
  public CompletionStage<List<StoredKey>> all() {
    return execute(statement("SELECT id, tenant, role, salt, secret_hash, created_at, revoked_at FROM " + table
        + " WHERE bucket = ?", BUCKET))
        .thenComposeAsync(first -> collect(first, new ArrayList<>()), executor);
  }

  /** Reads every page of a result. */
  private CompletionStage<List<StoredKey>> collect(AsyncResultSet page, List<StoredKey> into) {
    for (Row row : page.currentPage()) {
      into.add(toKey(row));
    }
    if (!page.hasMorePages()) {
      return CompletableFuture.completedFuture(List.copyOf(into));
    }
    return page.fetchNextPage().thenComposeAsync(next -> collect(next, into), executor);
  }

  private static StoredKey toKey(Row row) {
    return new StoredKey(
        row.getString("id"),
        new Tenant(row.getString("tenant")),
        Role.fromLabel(row.getString("role"))
            .orElseThrow(() -> new IllegalStateException("unknown role in " + row.getString("id"))),
        bytes(row.getByteBuffer("salt")),
        bytes(row.getByteBuffer("secret_hash")),
        row.getInstant("created_at"),
        Optional.ofNullable(row.getInstant("revoked_at")));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  private static SimpleStatement statement(String cql, Object... values) {
    return SimpleStatement.newInstance(cql, values).setConsistencyLevel(CONSISTENCY);
  }

  /**
   * Runs a statement; the result is a plain JDK future completed on {@code executor}. The node's
   * session future is Scala's CompletableFuture view, whose plain callbacks would go to the common pool.
   */
  private CompletionStage<AsyncResultSet> execute(SimpleStatement statement) {
    CompletableFuture<AsyncResultSet> result = new CompletableFuture<>();
    session.get().thenComposeAsync(s -> s.executeAsync(statement), executor)
        .whenCompleteAsync((rows, error) -> {
          if (error != null) {
            result.completeExceptionally(error);
          } else {
            result.complete(rows);
          }
        }, executor);
    return result;
  }
}
