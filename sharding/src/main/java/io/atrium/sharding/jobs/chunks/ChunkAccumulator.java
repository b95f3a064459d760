package io.atrium.sharding.jobs.chunks;

import io.atrium.sharding.jobs.rows.CsvHeader;
import io.atrium.sharding.jobs.rows.DataFormat;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import io.atrium.sharding.jobs.rows.LineParser;
import java.util.Optional;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Numbers the lines of one dataset, validates each as a row, and gathers them into chunks of at
 * least {@code chunkBytes} (the last may be smaller). For CSV the first non-blank line is the header:
 * it becomes the chunks' schema instead of data. Holds at most one chunk. One per upload.
 */
final class ChunkAccumulator {

  private static final byte NEWLINE = '\n';

  private final int chunkBytes;
  private DatasetSchema schema;
  private LineParser parser;
  private long lines;
  private long nextIndex;
  private ByteStringBuilder data = new ByteStringBuilder();
  private long firstLine;
  private int rows;

  ChunkAccumulator(DataFormat format, int chunkBytes) {
    this.chunkBytes = chunkBytes;
    if (format == DataFormat.NDJSON) {
      useSchema(DatasetSchema.ndjson());
    }
  }

  /** Lines seen so far, blank ones and a CSV header included. */
  long lines() {
    return lines;
  }

  /**
   * Takes the next line (without its {@code \n}); returns a chunk when this line completes one.
   *
   * @throws io.atrium.sharding.jobs.rows.MalformedRowException naming the line when it is not a row
   */
  Optional<Chunk> accept(ByteString line) {
    lines++;
    byte[] bytes = line.toArrayUnsafe();
    int to = LineParser.withoutCarriageReturn(bytes, 0, bytes.length);
    boolean blank = LineParser.isBlank(bytes, 0, to);
    if (schema == null) {
      if (!blank) {
        useSchema(DatasetSchema.csv(CsvHeader.parse(bytes, 0, to, lines)));
      }
      return Optional.empty();
    }
    if (!blank) {
      parser.parse(bytes, 0, to, lines);
      rows++;
    }
    if (data.isEmpty()) {
      firstLine = lines;
    }
    data.append(line).putByte(NEWLINE);
    return data.length() >= chunkBytes ? cut() : Optional.empty();
  }

  /** The last, partly filled chunk, if it holds any row. */
  Optional<Chunk> finish() {
    return cut();
  }

  private Optional<Chunk> cut() {
    Optional<Chunk> chunk = rows == 0
        ? Optional.empty()
        : Optional.of(new Chunk(nextIndex++, firstLine, rows, schema, data.result()));
    data = new ByteStringBuilder();
    rows = 0;
    return chunk;
  }

  private void useSchema(DatasetSchema schema) {
    this.schema = schema;
    this.parser = schema.newLineParser();
  }
}
