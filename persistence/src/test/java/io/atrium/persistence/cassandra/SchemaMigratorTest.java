package io.atrium.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.config.HostPort;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

  static CassandraSettings settings(String journal, String snapshot, String project) {
    return new CassandraSettings(List.of(new HostPort("127.0.0.1", 9042)), "datacenter1", journal, snapshot,
        project, "{'class': 'SimpleStrategy', 'replication_factor': 1}", false, Duration.ofSeconds(30),
        Duration.ofSeconds(30), Duration.ofSeconds(2));
  }

  private final List<String> statements = new SchemaMigrator(settings("j_ks", "s_ks", "p_ks")).statements();

  @Test
  void everyPlaceholderIsFilledAndNoCommentRemains() {
    for (String statement : statements) {
      assertFalse(statement.contains("${"), statement);
      assertFalse(statement.contains("--"), statement);
      assertFalse(statement.isBlank());
    }
  }

  @Test
  void createsTheThreeKeyspacesBeforeTheirTables() {
    List<String> keyspaces = statements.stream().filter(s -> s.startsWith("CREATE KEYSPACE")).toList();
    assertEquals(3, keyspaces.size());
    assertTrue(statements.get(0).startsWith("CREATE KEYSPACE IF NOT EXISTS j_ks"));
    keyspaces.forEach(k -> assertTrue(k.contains("'replication_factor': 1"), k));
  }

  @Test
  void createsEveryTableTheJournalPluginAndTheReadSidesUse() {
    Pattern table = Pattern.compile("CREATE TABLE IF NOT EXISTS (\\w+\\.\\w+)");
    Set<String> tables = statements.stream()
        .map(table::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(1))
        .collect(Collectors.toSet());
    assertEquals(Set.of("j_ks.messages", "j_ks.metadata", "j_ks.all_persistence_ids", "j_ks.tag_views",
        "j_ks.tag_write_progress", "j_ks.tag_scanning", "s_ks.snapshots", "p_ks.record_keys",
        "p_ks.projection_offsets", "p_ks.published_sequence_nrs", "p_ks.api_keys", "p_ks.datasets",
        "p_ks.dataset_chunks", "p_ks.job_partials", "p_ks.job_results"), tables);
  }

  @Test
  void everyStatementIsIdempotent() {
    statements.forEach(s -> assertTrue(s.contains("IF NOT EXISTS"), s));
  }
}
