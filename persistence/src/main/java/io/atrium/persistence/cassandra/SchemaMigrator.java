package io.atrium.persistence.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the DDL files under {@code io/atrium/persistence/schema/} (journal, snapshots, project
 * tables). Every statement is {@code IF NOT EXISTS}, so applying twice is harmless. Production
 * creates the schema this way (CLI {@code atrium-node.jar schema}, or
 * {@code atrium.cassandra.apply-schema-on-start}) instead of letting the journal plugin auto-create
 * tables with settings nobody reviewed.
 */
public final class SchemaMigrator {

  /** Applied in this order; the keyspace statement of each file comes first within it. */
  public static final List<String> FILES = List.of("journal.cql", "snapshot.cql", "project.cql");

  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private final CassandraSettings settings;

  public SchemaMigrator(CassandraSettings settings) {
    this.settings = settings;
  }

  /** The statements to run, with keyspaces and replication filled in from the settings. */
  public List<String> statements() {
    Map<String, String> values = Map.of(
        "${journal_keyspace}", settings.journalKeyspace(),
        "${snapshot_keyspace}", settings.snapshotKeyspace(),
        "${project_keyspace}", settings.projectKeyspace(),
        "${replication}", settings.replication());
    List<String> statements = new ArrayList<>();
    for (String file : FILES) {
      // Comments go first: they may contain ';'.
      String text = withoutComments(read(file));
      for (Map.Entry<String, String> value : values.entrySet()) {
        text = text.replace(value.getKey(), value.getValue());
      }
      Arrays.stream(text.split(";"))
          .map(String::strip)
          .filter(statement -> !statement.isBlank())
          .forEach(statements::add);
    }
    return List.copyOf(statements);
  }

  /**
   * Connects and applies every statement, retrying the connection until
   * {@code atrium.cassandra.schema-deadline} (Cassandra may still be starting).
   *
   * @return the number of statements applied
   */
  public int apply() {
    List<String> statements = statements();
    Instant deadline = Instant.now().plus(settings.schemaDeadline());
    while (true) {
      try (CqlSession session = connect(settings)) {
        for (String statement : statements) {
          session.execute(ddl(statement));
        }
        // Schema changes propagate through gossip; wait so the next reader sees every table.
        session.checkSchemaAgreement();
        LOG.info("Cassandra schema applied: {} statements", statements.size());
        return statements.size();
      } catch (AllNodesFailedException | DriverTimeoutException e) {
        // Unreachable or still starting: worth waiting for. Anything else (a bad statement) is not.
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("Could not apply the Cassandra schema at "
              + settings.contactPoints() + " within " + settings.schemaDeadline() + ": " + e.getMessage(), e);
        }
        LOG.info("Cassandra not ready for schema yet ({}), retrying", e.getMessage());
        sleep(RETRY_PAUSE);
      }
    }
  }

  /** A schema statement with the DDL timeout instead of the driver's default request timeout. */
  public SimpleStatement ddl(String cql) {
    return SimpleStatement.newInstance(cql).setTimeout(settings.ddlTimeout());
  }

  /** A session of its own, for commands that run without a node (schema, keys). */
  public static CqlSession connect(CassandraSettings settings) {
    return CqlSession.builder()
        .addContactPoints(settings.contactPoints().stream()
            .map(hp -> new InetSocketAddress(hp.host(), hp.port()))
            .toList())
        .withLocalDatacenter(settings.localDatacenter())
        .build();
  }

  private static String read(String file) {
    String resource = "io/atrium/persistence/schema/" + file;
    try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema file missing from the classpath: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String withoutComments(String text) {
    return text.lines()
        .filter(line -> !line.strip().startsWith("--"))
        .collect(Collectors.joining("\n"));
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Cassandra", e);
    }
  }
}
