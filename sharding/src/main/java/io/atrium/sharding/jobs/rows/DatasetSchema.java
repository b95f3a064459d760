package io.atrium.sharding.jobs.rows;

import io.atrium.persistence.serialization.CborSerializable;
import java.util.List;

/**
 * What a reader needs to parse any chunk of a dataset on its own: the format and, for CSV, the
 * column names from the header line (which is not repeated in the chunks). Stored with the dataset.
 *
 * @param columns the CSV header's names in order; empty for NDJSON
 */
public record DatasetSchema(DataFormat format, List<String> columns) implements CborSerializable {

  public DatasetSchema {
    columns = List.copyOf(columns);
    if (format == DataFormat.NDJSON && !columns.isEmpty()) {
      throw new IllegalArgumentException("NDJSON rows name their own fields; columns must be empty");
    }
    if (format == DataFormat.CSV && columns.isEmpty()) {
      throw new IllegalArgumentException("a CSV dataset needs its header's columns");
    }
  }

  public static DatasetSchema ndjson() {
    return new DatasetSchema(DataFormat.NDJSON, List.of());
  }

  public static DatasetSchema csv(List<String> columns) {
    return new DatasetSchema(DataFormat.CSV, columns);
  }

  /** A parser for this schema's data lines; not thread-safe, so one per thread. */
  public LineParser newLineParser() {
    return format == DataFormat.NDJSON ? new NdjsonLineParser() : new CsvLineParser(columns);
  }
}
