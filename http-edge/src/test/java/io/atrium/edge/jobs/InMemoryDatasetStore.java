package io.atrium.edge.jobs;

import io.atrium.sharding.Tenant;
import io.atrium.sharding.jobs.chunks.Chunk;
import io.atrium.sharding.jobs.datasets.DatasetManifest;
import io.atrium.sharding.jobs.datasets.DatasetStore;
import io.atrium.sharding.jobs.rows.DataFormat;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Datasets in maps, for route tests; counts what is stored so tests can see that nothing was left behind. */
final class InMemoryDatasetStore implements DatasetStore {

  private final Map<String, DatasetManifest> complete = new ConcurrentHashMap<>();
  private final Map<String, DataFormat> pending = new ConcurrentHashMap<>();
  private final Map<String, Chunk> chunks = new ConcurrentHashMap<>();

  int storedChunks() {
    return chunks.size();
  }

  int pendingUploads() {
    return pending.size();
  }

  private static String key(Tenant tenant, String id) {
    return tenant.id() + "/" + id;
  }

  @Override
  public CompletionStage<Void> begin(Tenant tenant, String id, DataFormat format, Instant createdAt) {
    pending.put(key(tenant, id), format);
    return done();
  }

  @Override
  public CompletionStage<Void> putChunk(Tenant tenant, String id, Chunk chunk) {
    chunks.put(key(tenant, id) + "/" + chunk.index(), chunk);
    return done();
  }

  @Override
  public CompletionStage<Void> complete(Tenant tenant, DatasetManifest manifest) {
    pending.remove(key(tenant, manifest.id()));
    complete.put(key(tenant, manifest.id()), manifest);
    return done();
  }

  @Override
  public CompletionStage<Void> delete(Tenant tenant, String id, int count) {
    pending.remove(key(tenant, id));
    complete.remove(key(tenant, id));
    for (int index = 0; index < count; index++) {
      chunks.remove(key(tenant, id) + "/" + index);
    }
    return done();
  }

  @Override
  public CompletionStage<Optional<DatasetManifest>> get(Tenant tenant, String id) {
    return CompletableFuture.completedFuture(Optional.ofNullable(complete.get(key(tenant, id))));
  }

  @Override
  public CompletionStage<List<DatasetManifest>> list(Tenant tenant) {
    return CompletableFuture.completedFuture(complete.entrySet().stream()
        .filter(e -> e.getKey().startsWith(tenant.id() + "/"))
        .map(Map.Entry::getValue)
        .sorted(Comparator.comparing(DatasetManifest::id))
        .toList());
  }

  @Override
  public CompletionStage<Chunk> chunk(Tenant tenant, String id, DatasetSchema schema, int index) {
    Chunk chunk = chunks.get(key(tenant, id) + "/" + index);
    return chunk == null
        ? CompletableFuture.failedFuture(new IllegalStateException("no chunk " + index))
        : CompletableFuture.completedFuture(chunk);
  }

  private static CompletionStage<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
