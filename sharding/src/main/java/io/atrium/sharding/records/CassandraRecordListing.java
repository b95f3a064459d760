package io.atrium.sharding.records;

import com.datastax.oss.driver.api.core.cql.Row;
import io.atrium.persistence.cassandra.CassandraSettings;
import io.atrium.persistence.cassandra.JournalSession;
import io.atrium.sharding.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * Pages through a collection's keys in the read-side table ({@code record_keys}). Paging is by key (keyset, not offset):
 * the cursor is the last key returned, so keys written or deleted between pages never cause an
 * existing key to be skipped or repeated.
 */
public final class CassandraRecordListing implements RecordListing {

  private final CassandraSession session;
  private final String table;

  public CassandraRecordListing(ActorSystem<?> system, CassandraSettings cassandra) {
    this.session = JournalSession.of(system);
    this.table = cassandra.projectKeyspace() + ".record_keys";
  }

  @Override
  public CompletionStage<Page> page(Tenant tenant, String collection, String prefix, int limit, Optional<String> cursor) {
    // A cursor before the prefix (from another listing) must not hide the prefix's keys.
    Optional<String> after = cursor.map(RecordListing::decodeCursor).filter(key -> key.compareTo(prefix) >= 0);
    CompletionStage<List<Row>> rows = after.isPresent()
        ? session.selectAll("SELECT key, version FROM " + table
            + " WHERE tenant = ? AND collection = ? AND key > ? LIMIT ?", tenant.id(), collection, after.get(), limit + 1)
        : session.selectAll("SELECT key, version FROM " + table
            + " WHERE tenant = ? AND collection = ? AND key >= ? LIMIT ?", tenant.id(), collection, prefix, limit + 1);
    return rows.thenApply(found -> toPage(found, prefix, limit));
  }

  private static Page toPage(List<Row> rows, String prefix, int limit) {
    List<Item> items = new ArrayList<>();
    boolean more = false;
    for (Row row : rows) {
      String key = row.getString("key");
      // Keys sort by UTF-8 bytes, so the keys with the prefix are contiguous: stop at the first other.
      if (!key.startsWith(prefix)) {
        break;
      }
      if (items.size() == limit) {
        more = true;
        break;
      }
      items.add(new Item(key, row.getLong("version")));
    }
    Optional<String> next = more ? Optional.of(RecordListing.encodeCursor(items.get(items.size() - 1).key())) : Optional.empty();
    return new Page(List.copyOf(items), next);
  }
}
