package io.atrium.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.atrium.config.AtriumConfig;
import io.atrium.persistence.serialization.CborSerializable;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Cassandra (scripts/test starts one): the DDL files create every table the journal
 * plugin needs, so events persist and recover with table auto-creation switched off.
 */
class SchemaMigratorIT {

  private static final String RUN = "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

  @TempDir static Path dataDir;
  private static Config config;
  private static CassandraSettings settings;

  @BeforeAll
  static void applySchemaToFreshKeyspaces() {
    config = ConfigFactory.parseMap(Map.of(
            "pekko.persistence.cassandra.journal.keyspace", RUN + "_journal",
            "pekko.persistence.cassandra.snapshot.keyspace", RUN + "_snapshot",
            "atrium.cassandra.project-keyspace", RUN + "_atrium"))
        .withFallback(AtriumConfig.load(Map.of("ATRIUM_DATA_DIR", dataDir.toString())));
    settings = CassandraSettings.fromConfig(config);
    SchemaMigrator migrator = new SchemaMigrator(settings);
    assertEquals(migrator.statements().size(), migrator.apply());
  }

  @AfterAll
  static void dropKeyspaces() {
    try (CqlSession session = session()) {
      for (String keyspace : List.of(settings.journalKeyspace(), settings.snapshotKeyspace(), settings.projectKeyspace())) {
        session.execute(new SchemaMigrator(settings).ddl("DROP KEYSPACE IF EXISTS " + keyspace));
      }
    }
  }

  @Test
  void createsEveryTableAndApplyingAgainChangesNothing() {
    int again = new SchemaMigrator(settings).apply();

    assertEquals(new SchemaMigrator(settings).statements().size(), again);
    try (CqlSession session = session()) {
      assertEquals(Set.of("messages", "metadata", "all_persistence_ids", "tag_views", "tag_write_progress",
          "tag_scanning"), tables(session, settings.journalKeyspace()));
      assertEquals(Set.of("snapshots"), tables(session, settings.snapshotKeyspace()));
    }
  }

  @Test
  void journalPersistsAndRecoversEventsWithAutoCreationOff() {
    assertEquals(false, config.getBoolean("pekko.persistence.cassandra.journal.tables-autocreate"));
    String id = "counter-" + UUID.randomUUID();

    ActorTestKit first = ActorTestKit.create("first", config);
    try {
      TestProbe<List<String>> probe = first.createTestProbe();
      ActorRef<Append> log = first.spawn(AppendLog.create(id));
      log.tell(new Append("a", probe.ref()));
      log.tell(new Append("b", probe.ref()));
      probe.expectMessage(Duration.ofSeconds(20), List.of("a"));
      probe.expectMessage(Duration.ofSeconds(20), List.of("a", "b"));
    } finally {
      first.shutdownTestKit();
    }

    ActorTestKit second = ActorTestKit.create("second", config);
    try {
      TestProbe<List<String>> probe = second.createTestProbe();
      second.spawn(AppendLog.create(id)).tell(new Append("c", probe.ref()));
      probe.expectMessage(Duration.ofSeconds(20), List.of("a", "b", "c"));
    } finally {
      second.shutdownTestKit();
    }
  }

  private static Set<String> tables(CqlSession session, String keyspace) {
    return session.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace)
        .all().stream().map(row -> row.getString("table_name")).collect(Collectors.toSet());
  }

  private static CqlSession session() {
    return CqlSession.builder()
        .addContactPoints(settings.contactPoints().stream()
            .map(hp -> new InetSocketAddress(hp.host(), hp.port())).toList())
        .withLocalDatacenter(settings.localDatacenter())
        .build();
  }

  /** Appends a string and replies with everything appended so far. */
  record Append(String value, ActorRef<List<String>> replyTo) {}

  record Appended(String value) implements CborSerializable {}

  static final class AppendLog extends EventSourcedBehavior<Append, Appended, List<String>> {

    static Behavior<Append> create(String id) {
      return new AppendLog(PersistenceId.ofUniqueId(id));
    }

    private AppendLog(PersistenceId id) {
      super(id);
    }

    @Override
    public List<String> emptyState() {
      return List.of();
    }

    @Override
    public CommandHandler<Append, Appended, List<String>> commandHandler() {
      return newCommandHandlerBuilder().forAnyState().onCommand(Append.class, (state, append) ->
          Effect().persist(new Appended(append.value())).thenReply(append.replyTo(), updated -> updated)).build();
    }

    @Override
    public EventHandler<List<String>, Appended> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onEvent(Appended.class, (state, event) -> {
        List<String> next = new ArrayList<>(state);
        next.add(event.value());
        return List.copyOf(next);
      }).build();
    }
  }
}
