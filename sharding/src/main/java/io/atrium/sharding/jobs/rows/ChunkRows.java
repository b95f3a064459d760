package io.atrium.sharding.jobs.rows;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The rows of one chunk — whole lines, each ended by {@code \n} (the last one may lack it) — parsed
 * lazily as they are iterated, so a job holds one row at a time, not the chunk's rows. Blank lines
 * are skipped but counted, so line numbers match the original dataset.
 */
public final class ChunkRows implements Iterable<Row> {

  private final DatasetSchema schema;
  private final long firstLine;
  private final byte[] data;

  private ChunkRows(DatasetSchema schema, long firstLine, byte[] data) {
    this.schema = schema;
    this.firstLine = firstLine;
    this.data = data;
  }

  /** The rows of {@code data}, whose first line is line {@code firstLine} of the dataset. */
  public static ChunkRows of(DatasetSchema schema, long firstLine, byte[] data) {
    return new ChunkRows(schema, firstLine, data);
  }

  @Override
  public Iterator<Row> iterator() {
    return new RowIterator(schema.newLineParser());
  }

  private final class RowIterator implements Iterator<Row> {

    private final LineParser parser;
    private int position;
    private long line = firstLine;
    private Row next;

    RowIterator(LineParser parser) {
      this.parser = parser;
      advance();
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public Row next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      Row row = next;
      advance();
      return row;
    }

    private void advance() {
      next = null;
      while (next == null && position < data.length) {
        int end = endOfLine(position);
        int to = LineParser.withoutCarriageReturn(data, position, end);
        if (!LineParser.isBlank(data, position, to)) {
          next = parser.parse(data, position, to, line);
        }
        position = end + 1;
        line++;
      }
    }

    private int endOfLine(int from) {
      for (int i = from; i < data.length; i++) {
        if (data[i] == '\n') {
          return i;
        }
      }
      return data.length;
    }
  }
}
