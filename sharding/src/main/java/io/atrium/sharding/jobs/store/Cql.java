package io.atrium.sharding.jobs.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import io.atrium.persistence.cassandra.JournalSession;
import io.atrium.persistence.cassandra.PreparedStatements;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Statements of the jobs' tables on the journal's session, at QUORUM like the journal (a read that
 * starts after an acknowledged write sees it, whatever the replication factor), callbacks on the
 * given executor (never the JDK's common pool).
 */
public final class Cql {

  private static final ConsistencyLevel CONSISTENCY = ConsistencyLevel.QUORUM;

  private final Supplier<CompletionStage<CqlSession>> session;
  private final Executor executor;
  /** Prepared once each: Cassandra parsed every chunk read and partial write again (~10 % of its CPU). */
  private final PreparedStatements statements;

  private Cql(Supplier<CompletionStage<CqlSession>> session, Executor executor) {
    this.session = session;
    this.executor = executor;
    this.statements = new PreparedStatements(cql -> session.get().thenCompose(s -> s.prepareAsync(cql)));
  }

  public static Cql forNode(ActorSystem<?> system) {
    return new Cql(JournalSession.of(system)::underlying, system.executionContext());
  }

  public CompletionStage<Void> write(String cql, Object... values) {
    return execute(cql, values).thenApplyAsync(rows -> null, executor);
  }

  public CompletionStage<Optional<Row>> one(String cql, Object... values) {
    return execute(cql, values).thenApplyAsync(rows -> Optional.ofNullable(rows.one()), executor);
  }

  /** Every row of the result, all pages. */
  public CompletionStage<List<Row>> all(String cql, Object... values) {
    return execute(cql, values).thenComposeAsync(first -> collect(first, new ArrayList<>()), executor);
  }

  private CompletionStage<List<Row>> collect(AsyncResultSet page, List<Row> rows) {
    page.currentPage().forEach(rows::add);
    if (!page.hasMorePages()) {
      return CompletableFuture.completedFuture(rows);
    }
    return page.fetchNextPage().thenComposeAsync(next -> collect(next, rows), executor);
  }

  private CompletionStage<AsyncResultSet> execute(String cql, Object... values) {
    return session.get().thenComposeAsync(s -> statements.get(cql)
        .thenCompose(statement -> s.executeAsync(statement.bind(values).setConsistencyLevel(CONSISTENCY))), executor);
  }
}
