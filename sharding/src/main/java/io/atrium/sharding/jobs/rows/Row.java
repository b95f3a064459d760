package io.atrium.sharding.jobs.rows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * One row of a dataset: field values by name, and the line it came from.
 *
 * <p>Values are {@code String}, {@code Long}, {@code BigInteger} (integers beyond 64 bits),
 * {@code Double}, {@code Boolean}, {@link JsonNode} (nested arrays and objects) or {@code null}.
 * NDJSON keeps JSON's types; every CSV value is a {@code String}. The typed accessors read both
 * alike, so a job works the same on either format.
 */
public final class Row {

  private final long line;
  private final Map<String, Object> values;

  /** {@code values} is used as it is, not copied: parsers hand over a map they never touch again. */
  public Row(long line, Map<String, Object> values) {
    this.line = line;
    this.values = Collections.unmodifiableMap(values);
  }

  /** The 1-based line of the dataset this row was read from. */
  public long line() {
    return line;
  }

  public Set<String> fields() {
    return values.keySet();
  }

  /** All values by field name, in the order the line had them. */
  public Map<String, Object> values() {
    return values;
  }

  /** The raw value of {@code field}, {@code null} when absent or JSON null. */
  public Object value(String field) {
    return values.get(field);
  }

  /**
   * The value of {@code field} as text: strings as they are, numbers and booleans as Java prints
   * them, nested JSON as compact JSON; {@code null} when absent or JSON null.
   */
  public String text(String field) {
    Object value = values.get(field);
    return value == null ? null : value.toString();
  }

  /**
   * The value of {@code field} as a finite double, or NaN when it is absent, null, not a number, or
   * not finite. CSV text is read with {@link Double#parseDouble} (so {@code " 12.5"} and {@code "1e3"}
   * count, {@code ""} and {@code "n/a"} do not).
   */
  public double number(String field) {
    Object value = values.get(field);
    double number;
    if (value instanceof Number n) {
      number = n.doubleValue();
    } else if (value instanceof String s && !s.isEmpty()) {
      number = parse(s);
    } else {
      return Double.NaN;
    }
    return Double.isFinite(number) ? number : Double.NaN;
  }

  private static double parse(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  @Override
  public String toString() {
    return "Row[line=" + line + ", " + values + "]";
  }
}
