package io.atrium.persistence.cassandra;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * Asks Cassandra a trivial question through the journal's own session, so "ready" means the very
 * connection that writes events works, not a side channel.
 */
public final class CassandraProbe {


  private final CassandraSession session;
  private final Duration timeout;

  public CassandraProbe(ActorSystem<?> system, Duration timeout) {
    this.session = JournalSession.of(system);
    this.timeout = timeout;
  }

  /** Completes with Cassandra's release version, or fails (also after the timeout). */
  public CompletionStage<String> probe() {
    return session.selectOne("SELECT release_version FROM system.local")
        .thenApply(row -> row.map(r -> "release " + r.getString("release_version")).orElse("answered"))
        .toCompletableFuture()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
