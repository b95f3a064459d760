package io.atrium.sharding.jobs.rows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A CSV data line: exactly as many fields as the header has columns; every value a string. */
final class CsvLineParser implements LineParser {

  private final List<String> columns;
  private final CsvFields fields = new CsvFields();

  CsvLineParser(List<String> columns) {
    this.columns = columns;
  }

  @Override
  public Row parse(byte[] data, int from, int to, long line) {
    List<String> values = fields.split(data, from, to, line);
    if (values.size() != columns.size()) {
      throw new MalformedRowException(line,
          "expected " + columns.size() + " fields (as in the header), found " + values.size());
    }
    Map<String, Object> row = new LinkedHashMap<>(columns.size() * 2);
    for (int i = 0; i < values.size(); i++) {
      row.put(columns.get(i), values.get(i));
    }
    return new Row(line, row);
  }
}
