package io.atrium.node;

import static io.atrium.node.harness.RecordChangeFeed.RECORDS_TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.atrium.node.harness.LocalCluster;
import io.atrium.node.harness.LocalServices;
import io.atrium.node.harness.NodeProcess;
import io.atrium.node.harness.NodeProcess.Reply;
import io.atrium.node.harness.RecordChangeFeed;
import io.atrium.node.harness.RecordChangeFeed.Change;
import io.atrium.persistence.cassandra.CassandraSettings;
import io.atrium.sharding.records.RecordEntity;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A change the journal tag query never delivers still reaches Kafka in its place. This is what a
 * crash leaves behind when it tears a write (event stored, tag row not): here the tag row of a key's
 * fourth version is deleted before the query reaches it. The query then stops at the gap, gives up
 * after the journal plugin's gap-timeout and restarts past it; the slice, which published versions
 * 1 to 3, publishes version 4 from the key's own journal before version 5.
 */
class RecordEventsGapIT {

  private static final String KEY = "torn";
  /** The tag query delivers events only this old: time to delete a tag row before it is read. */
  private static final String CONSISTENCY_DELAY = "8s";
  private static final String GAP_TIMEOUT = "3s";
  private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(3);

  @RegisterExtension final LocalCluster cluster = new LocalCluster(Map.of(
      "pekko.persistence.cassandra.events-by-tag.eventual-consistency-delay", CONSISTENCY_DELAY,
      "pekko.persistence.cassandra.events-by-tag.gap-timeout", GAP_TIMEOUT));

  @Test
  void aChangeWhoseTagRowIsMissingIsPublishedFromTheKeysJournalBeforeTheNextChange() throws Exception {
    NodeProcess node = cluster.startNodes(1).get(0);
    String collection = "events-gap-" + UUID.randomUUID();
    List<Change> acknowledged = new ArrayList<>();
    try (RecordChangeFeed feed = new RecordChangeFeed(List.of(RECORDS_TOPIC))) {
      for (int version = 1; version <= 4; version++) {
        acknowledged.add(put(node, collection, version));
      }
      deleteTagRow(collection, 4);
      acknowledged.add(put(node, collection, 5));

      Map<String, List<Change>> byKey = Map.of(KEY, acknowledged);
      RecordChangeFeed.assertInOrderWithoutGaps(collection, byKey,
          feed.awaitRecordChanges(collection, byKey, DELIVERY_TIMEOUT));
    }
  }

  private static Change put(NodeProcess node, String collection, int n) throws Exception {
    String value = "{\"n\":" + n + "}";
    Reply reply = node.send("PUT", "/v1/records/" + collection + "/" + KEY, value);
    assertEquals(n == 1 ? 201 : 200, reply.status(), reply.toString());
    assertEquals(n, reply.body().get("version").asLong(), reply.toString());
    return new Change(n, value);
  }

  /** Deletes the key's tag row of {@code sequenceNr}: it was written in this hour or the one before. */
  private static void deleteTagRow(String collection, long sequenceNr) {
    CassandraSettings cassandra = LocalServices.cassandra();
    String table = cassandra.journalKeyspace() + ".tag_views";
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    List<Row> rows = new ArrayList<>();
    try (CqlSession session = CqlSession.builder()
        .addContactPoints(cassandra.contactPoints().stream()
            .map(hp -> new InetSocketAddress(hp.host(), hp.port())).toList())
        .withLocalDatacenter(cassandra.localDatacenter())
        .build()) {
      // The record tags (atrium.records.listing.slices = 4)
      for (int slice = 0; slice < 4; slice++) {
        for (Instant bucket : List.of(hour, hour.minus(1, ChronoUnit.HOURS))) {
          session.execute("SELECT tag_name, timebucket, timestamp, persistence_id, tag_pid_sequence_nr FROM " + table
                  + " WHERE tag_name = ? AND timebucket = ? AND sequence_nr = ? ALLOW FILTERING",
                  RecordEntity.tag(slice), bucket.toEpochMilli(), sequenceNr)
              .forEach(row -> {
                if (row.getString("persistence_id").contains(collection)) {
                  rows.add(row);
                }
              });
        }
      }
      assertEquals(1, rows.size(), "one tag row of version " + sequenceNr);
      Row row = rows.get(0);
      session.execute("DELETE FROM " + table + " WHERE tag_name = ? AND timebucket = ? AND timestamp = ?"
              + " AND persistence_id = ? AND tag_pid_sequence_nr = ?",
          row.getString("tag_name"), row.getLong("timebucket"), row.getUuid("timestamp"),
          row.getString("persistence_id"), row.getLong("tag_pid_sequence_nr"));
    }
  }
}
