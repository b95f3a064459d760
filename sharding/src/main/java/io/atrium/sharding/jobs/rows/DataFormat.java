package io.atrium.sharding.jobs.rows;

import java.util.Locale;

/** How a dataset's lines are written. */
public enum DataFormat {
  /** One JSON object per line. */
  NDJSON,
  /** Comma-separated values; the first non-blank line names the columns. */
  CSV;

  /** {@code "ndjson"} or {@code "csv"} (any case); anything else is an {@link IllegalArgumentException}. */
  public static DataFormat parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "ndjson" -> NDJSON;
      case "csv" -> CSV;
      default -> throw new IllegalArgumentException("format must be \"ndjson\" or \"csv\", was \"" + name + "\"");
    };
  }
}
