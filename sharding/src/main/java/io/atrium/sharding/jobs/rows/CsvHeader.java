package io.atrium.sharding.jobs.rows;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the header line of a CSV dataset: the column names, each non-empty and unique. */
public final class CsvHeader {

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private CsvHeader() {}

  /** The columns named by {@code data[from, to)} (without its line break), line {@code line}. */
  public static List<String> parse(byte[] data, int from, int to, long line) {
    int start = startsWithBom(data, from, to) ? from + UTF8_BOM.length : from;
    List<String> names = new CsvFields().split(data, start, to, line);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.isBlank()) {
        throw new MalformedRowException(line, "header column " + (i + 1) + " has no name");
      }
      if (!seen.add(name)) {
        throw new MalformedRowException(line, "header names column \"" + name + "\" twice");
      }
    }
    return List.copyOf(names);
  }

  // Spreadsheet programs write one; it is not part of the first column's name.
  private static boolean startsWithBom(byte[] data, int from, int to) {
    return to - from >= UTF8_BOM.length
        && data[from] == UTF8_BOM[0] && data[from + 1] == UTF8_BOM[1] && data[from + 2] == UTF8_BOM[2];
  }
}
