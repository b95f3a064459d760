package io.atrium.sharding.jobs.datasets;

import io.atrium.sharding.Tenant;
import io.atrium.sharding.jobs.chunks.Chunk;
import io.atrium.sharding.jobs.rows.DataFormat;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where datasets live: a manifest per dataset and its chunks, all keyed by tenant. A dataset is
 * visible ({@link #get}, {@link #list}) only once {@link #complete}d, so a failed or running upload
 * is never read as a dataset.
 */
public interface DatasetStore {

  /** Records an upload that has begun (a pending manifest), so that a crashed upload can be found. */
  CompletionStage<Void> begin(Tenant tenant, String id, DataFormat format, Instant createdAt);

  CompletionStage<Void> putChunk(Tenant tenant, String id, Chunk chunk);

  /** Marks the dataset complete: from now on it is readable. */
  CompletionStage<Void> complete(Tenant tenant, DatasetManifest manifest);

  /** Removes the manifest and chunks {@code 0 … chunks-1}. */
  CompletionStage<Void> delete(Tenant tenant, String id, int chunks);

  /** The manifest of a complete dataset. */
  CompletionStage<Optional<DatasetManifest>> get(Tenant tenant, String id);

  /** The tenant's complete datasets, by id. */
  CompletionStage<List<DatasetManifest>> list(Tenant tenant);

  /** One chunk of a dataset of {@code schema}; fails when it is not there (e.g. deleted meanwhile). */
  CompletionStage<Chunk> chunk(Tenant tenant, String id, DatasetSchema schema, int index);
}
