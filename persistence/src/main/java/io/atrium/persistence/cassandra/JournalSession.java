package io.atrium.persistence.cassandra;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The Cassandra session the journal plugin uses. Read sides and probes share it, so "Cassandra
 * answers" means the connection that writes events answers, and no second connection pool is opened.
 */
public final class JournalSession {

  private static final String CONFIG_PATH = "pekko.persistence.cassandra";

  private JournalSession() {}

  public static CassandraSession of(ActorSystem<?> system) {
    return CassandraSessionRegistry.get(system).sessionFor(CONFIG_PATH);
  }
}
