package io.atrium.sharding.jobs.datasets;

import com.datastax.oss.driver.api.core.cql.Row;
import io.atrium.sharding.Tenant;
import io.atrium.sharding.jobs.chunks.Chunk;
import io.atrium.sharding.jobs.rows.DataFormat;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import io.atrium.sharding.jobs.store.Cql;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Datasets in {@code datasets} and {@code dataset_chunks} of the project keyspace (DDL in project.cql). */
public final class CassandraDatasetStore implements DatasetStore {

  private static final String PENDING = "pending";
  private static final String COMPLETE = "complete";
  private static final String MANIFEST_COLUMNS = "id, status, format, columns, rows, chunks, bytes, created_at";

  private final Cql cql;
  private final String datasets;
  private final String chunks;

  public CassandraDatasetStore(Cql cql, String keyspace) {
    this.cql = cql;
    this.datasets = keyspace + ".datasets";
    this.chunks = keyspace + ".dataset_chunks";
  }

  @Override
  public CompletionStage<Void> begin(Tenant tenant, String id, DataFormat format, Instant createdAt) {
    return cql.write("INSERT INTO " + datasets + " (tenant, id, status, format, created_at) VALUES (?, ?, ?, ?, ?)",
        tenant.id(), id, PENDING, formatName(format), createdAt);
  }

  @Override
  public CompletionStage<Void> putChunk(Tenant tenant, String id, Chunk chunk) {
    return cql.write("INSERT INTO " + chunks + " (tenant, dataset, idx, first_line, rows, codec, data)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        tenant.id(), id, Math.toIntExact(chunk.index()), chunk.firstLine(), chunk.rows(), ChunkCodec.LZ4,
        ChunkCodec.compress(chunk.data()));
  }

  @Override
  public CompletionStage<Void> complete(Tenant tenant, DatasetManifest manifest) {
    return cql.write("INSERT INTO " + datasets + " (" + MANIFEST_COLUMNS + ", tenant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        manifest.id(), COMPLETE, formatName(manifest.schema().format()), manifest.schema().columns(), manifest.rows(),
        manifest.chunks(), manifest.bytes(), manifest.createdAt(), tenant.id());
  }

  @Override
  public CompletionStage<Void> delete(Tenant tenant, String id, int count) {
    // The manifest first: once it is gone the dataset is invisible, whatever happens to the chunks.
    CompletionStage<Void> deleted = cql.write("DELETE FROM " + datasets + " WHERE tenant = ? AND id = ?", tenant.id(), id);
    for (int index = 0; index < count; index++) {
      int chunk = index;
      deleted = deleted.thenCompose(done -> cql.write(
          "DELETE FROM " + chunks + " WHERE tenant = ? AND dataset = ? AND idx = ?", tenant.id(), id, chunk));
    }
    return deleted;
  }

  @Override
  public CompletionStage<Optional<DatasetManifest>> get(Tenant tenant, String id) {
    return cql.one("SELECT " + MANIFEST_COLUMNS + " FROM " + datasets + " WHERE tenant = ? AND id = ?", tenant.id(), id)
        .thenApply(row -> row.filter(CassandraDatasetStore::isComplete).map(CassandraDatasetStore::manifest));
  }

  @Override
  public CompletionStage<List<DatasetManifest>> list(Tenant tenant) {
    return cql.all("SELECT " + MANIFEST_COLUMNS + " FROM " + datasets + " WHERE tenant = ?", tenant.id())
        .thenApply(rows -> rows.stream().filter(CassandraDatasetStore::isComplete).map(CassandraDatasetStore::manifest)
            .toList());
  }

  @Override
  public CompletionStage<Chunk> chunk(Tenant tenant, String id, DatasetSchema schema, int index) {
    return cql.one("SELECT first_line, rows, codec, data FROM " + chunks
                + " WHERE tenant = ? AND dataset = ? AND idx = ?", tenant.id(), id, index)
        .thenCompose(found -> found
            .map(row -> CompletableFuture.completedFuture(new Chunk(index, row.getLong("first_line"),
                row.getInt("rows"), schema,
                ChunkCodec.decompress(row.getString("codec"), row.getByteBuffer("data")))))
            .orElseGet(() -> CompletableFuture.failedFuture(
                new IllegalStateException("chunk " + index + " of dataset " + id + " is not stored"))));
  }

  private static boolean isComplete(Row row) {
    return COMPLETE.equals(row.getString("status"));
  }

  private static DatasetManifest manifest(Row row) {
    DataFormat format = DataFormat.parse(row.getString("format"));
    List<String> columns = row.getList("columns", String.class);
    DatasetSchema schema = format == DataFormat.CSV ? DatasetSchema.csv(columns) : DatasetSchema.ndjson();
    return new DatasetManifest(row.getString("id"), schema, row.getLong("rows"), row.getInt("chunks"),
        row.getLong("bytes"), row.getInstant("created_at"));
  }

  private static String formatName(DataFormat format) {
    return format.name().toLowerCase(Locale.ROOT);
  }
}
