package io.atrium.persistence.cassandra;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Statements prepared once per text: Cassandra parses an unprepared statement at every execution.
 * A failed preparation (Cassandra down at start) is forgotten, so the next use prepares again.
 */
public final class PreparedStatements {

  private final Function<String, CompletionStage<PreparedStatement>> prepare;
  private final Map<String, CompletionStage<PreparedStatement>> statements = new ConcurrentHashMap<>();

  public PreparedStatements(Function<String, CompletionStage<PreparedStatement>> prepare) {
    this.prepare = prepare;
  }

  public CompletionStage<PreparedStatement> get(String cql) {
    CompletionStage<PreparedStatement> statement = statements.computeIfAbsent(cql, prepare);
    return statement.whenComplete((prepared, error) -> {
      if (error != null) {
        statements.remove(cql, statement);
      }
    });
  }
}
