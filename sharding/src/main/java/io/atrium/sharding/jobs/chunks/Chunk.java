package io.atrium.sharding.jobs.chunks;

import io.atrium.sharding.jobs.rows.ChunkRows;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import org.apache.pekko.util.ByteString;

/**
 * A run of whole lines of a dataset, about {@code atrium.jobs.chunk-bytes} long, that can be read on
 * its own: every line ends with {@code \n}, a CSV header is not repeated but travels in the schema.
 *
 * @param index 0-based position of the chunk in the dataset
 * @param firstLine 1-based line number of the first line in {@code data}
 * @param rows rows in the chunk (its non-blank lines)
 * @param data the lines, blank ones included so that line numbers stay those of the dataset
 */
public record Chunk(long index, long firstLine, int rows, DatasetSchema schema, ByteString data) {

  public int bytes() {
    return data.size();
  }

  /** The chunk's rows, parsed as they are iterated. */
  public ChunkRows parse() {
    return ChunkRows.of(schema, firstLine, data.toArrayUnsafe());
  }
}
