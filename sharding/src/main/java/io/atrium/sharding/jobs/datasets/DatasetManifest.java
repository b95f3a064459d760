package io.atrium.sharding.jobs.datasets;

import io.atrium.sharding.jobs.rows.DatasetSchema;
import java.time.Instant;

/**
 * What is stored about one dataset besides its chunks.
 *
 * @param schema how to read its chunks (format, CSV columns)
 * @param rows non-blank data lines
 * @param chunks chunks stored, numbered {@code 0 … chunks-1}
 * @param bytes size of the uploaded body
 */
public record DatasetManifest(String id, DatasetSchema schema, long rows, int chunks, long bytes, Instant createdAt) {}
