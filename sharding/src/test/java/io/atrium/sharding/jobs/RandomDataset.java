package io.atrium.sharding.jobs;

import io.atrium.sharding.jobs.rows.ChunkRows;
import io.atrium.sharding.jobs.rows.DataFormat;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import io.atrium.sharding.jobs.rows.Row;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Rows with the shapes jobs meet — few regions, skewed products, many users, amounts that are
 * fractional, integral, negative, zero, missing or not numbers, free text with commas and quotes —
 * from a fixed seed, written as NDJSON or CSV and cut into a given number of chunks of whole lines.
 */
public record RandomDataset(List<Map<String, Object>> rows) {

  public static final List<String> COLUMNS = List.of("region", "product", "user", "amount", "text");
  private static final String[] REGIONS = {"eu", "us", "apac", "latam"};
  private static final String[] WORDS = {"fast", "slow", "Red", "red", "blue", "ok", "\"quoted\"", "a,b", "zeta", "é"};

  public static RandomDataset generate(long seed, int rows) {
    Random random = new Random(seed);
    List<Map<String, Object>> list = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("region", random.nextInt(20) == 0 ? null : REGIONS[random.nextInt(REGIONS.length)]);
      // Skewed: low product numbers are far more frequent, so top-k has a clear head and many ties.
      row.put("product", "p" + (int) Math.floor(Math.pow(random.nextDouble(), 3) * 60));
      row.put("user", "u" + random.nextInt(1 + rows / 2));
      row.put("amount", amount(random));
      row.put("text", text(random));
      list.add(row);
    }
    return new RandomDataset(list);
  }

  private static Object amount(Random random) {
    return switch (random.nextInt(10)) {
      case 0 -> null;
      case 1 -> "n/a";
      case 2 -> (long) (random.nextInt(2001) - 1000);
      case 3 -> 0.0;
      default -> Math.round(random.nextGaussian() * 5000) / 100.0 + random.nextDouble() * 1e-3;
    };
  }

  private static String text(Random random) {
    int n = random.nextInt(6);
    List<String> words = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      words.add(WORDS[random.nextInt(WORDS.length)]);
    }
    return String.join(random.nextBoolean() ? " " : ", ", words);
  }

  /** The rows as they read back from either format: what a plain single-threaded computation sees. */
  public List<Row> parsedRows(DataFormat format) {
    List<Row> parsed = new ArrayList<>();
    for (List<Row> chunk : chunks(format, 1)) {
      parsed.addAll(chunk);
    }
    return parsed;
  }

  public String render(DataFormat format) {
    StringBuilder text = new StringBuilder();
    if (format == DataFormat.CSV) {
      text.append(String.join(",", COLUMNS)).append('\n');
    }
    for (Map<String, Object> row : rows) {
      text.append(format == DataFormat.CSV ? csvLine(row) : jsonLine(row)).append('\n');
    }
    return text.toString();
  }

  /** The data lines cut into {@code count} chunks (fewer when there are fewer rows), parsed. */
  public List<List<Row>> chunks(DataFormat format, int count) {
    DatasetSchema schema = format == DataFormat.CSV ? DatasetSchema.csv(COLUMNS) : DatasetSchema.ndjson();
    long headerLines = format == DataFormat.CSV ? 1 : 0;
    List<List<Row>> chunks = new ArrayList<>();
    int size = Math.max(1, (rows.size() + count - 1) / count);
    for (int from = 0; from < rows.size(); from += size) {
      int to = Math.min(rows.size(), from + size);
      StringBuilder data = new StringBuilder();
      for (Map<String, Object> row : rows.subList(from, to)) {
        data.append(format == DataFormat.CSV ? csvLine(row) : jsonLine(row)).append('\n');
      }
      List<Row> chunk = new ArrayList<>();
      ChunkRows.of(schema, headerLines + from + 1, data.toString().getBytes(StandardCharsets.UTF_8)).forEach(chunk::add);
      chunks.add(chunk);
    }
    return chunks;
  }

  private static String jsonLine(Map<String, Object> row) {
    return row.entrySet().stream()
        .map(e -> quote(e.getKey()) + ":" + json(e.getValue()))
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static String json(Object value) {
    if (value == null || value instanceof Number) {
      return String.valueOf(value);
    }
    return quote(value.toString());
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String csvLine(Map<String, Object> row) {
    return row.values().stream().map(RandomDataset::csv).collect(Collectors.joining(","));
  }

  private static String csv(Object value) {
    if (value == null) {
      return "";
    }
    String text = value instanceof Double d ? String.format(Locale.ROOT, "%s", d) : value.toString();
    return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }
}
