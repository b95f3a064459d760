package io.atrium.sharding.jobs.rows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkRowsTest {

  private static final DatasetSchema CSV = DatasetSchema.csv(List.of("id", "name", "amount"));

  @Test
  void ndjsonRowsKeepJsonTypes() {
    List<Row> rows = rows(DatasetSchema.ndjson(), 1, """
        {"s":"x","i":42,"big":123456789012345678901234567890,"d":2.5,"t":true,"n":null,"o":{"a":[1,2]}}
        """);
    Row row = rows.get(0);
    assertEquals("x", row.value("s"));
    assertEquals(42L, row.value("i"));
    assertEquals(new BigInteger("123456789012345678901234567890"), row.value("big"));
    assertEquals(2.5, row.value("d"));
    assertEquals(Boolean.TRUE, row.value("t"));
    assertEquals(null, row.value("n"));
    assertTrue(row.fields().contains("n"));
    assertEquals("{\"a\":[1,2]}", row.text("o"));
    assertEquals(42.0, row.number("i"));
    assertTrue(Double.isNaN(row.number("s")));
    assertTrue(Double.isNaN(row.number("absent")));
    assertEquals(List.of("s", "i", "big", "d", "t", "n", "o"), List.copyOf(row.fields()), "line order kept");
  }

  @Test
  void linesAreNumberedFromTheChunksFirstLineCountingBlankOnes() {
    List<Row> rows = rows(DatasetSchema.ndjson(), 10, "{\"a\":1}\r\n\n   \r\n{\"a\":2}\n\n{\"a\":3}");
    assertEquals(List.of(10L, 13L, 15L), rows.stream().map(Row::line).toList());
    assertEquals(List.of(1.0, 2.0, 3.0), rows.stream().map(r -> r.number("a")).toList());
  }

  @Test
  void csvFieldsMayBeQuotedWithDoubledQuotesInside() {
    List<Row> rows = rows(CSV, 2, """
        1,plain,10.5
        2,"with, comma",-3
        3,"say \"\"hi\"\"",
        "4","",1e3
        """);
    assertEquals(Map.of("id", "1", "name", "plain", "amount", "10.5"), rows.get(0).values());
    assertEquals("with, comma", rows.get(1).text("name"));
    assertEquals(-3.0, rows.get(1).number("amount"));
    assertEquals("say \"hi\"", rows.get(2).text("name"));
    assertEquals("", rows.get(2).text("amount"));
    assertTrue(Double.isNaN(rows.get(2).number("amount")), "an empty CSV value is not a number");
    assertEquals("", rows.get(3).text("name"));
    assertEquals(1000.0, rows.get(3).number("amount"));
    assertEquals(5L, rows.get(3).line());
  }

  @Test
  void csvHeaderDropsAByteOrderMarkAndRefusesEmptyOrRepeatedNames() {
    byte[] header = "\uFEFFid,name".getBytes(StandardCharsets.UTF_8);
    assertEquals(List.of("id", "name"), CsvHeader.parse(header, 0, header.length, 1));
    assertMalformed(1, "header column 2 has no name", () -> header("a,,c"));
    assertMalformed(1, "header names column \"a\" twice", () -> header("a,b,a"));
  }

  @Test
  void malformedNdjsonNamesTheLineAndTheReason() {
    DatasetSchema ndjson = DatasetSchema.ndjson();
    assertMalformed(3, "not a JSON object", () -> rows(ndjson, 1, "{}\n{}\n[1,2]\n"));
    assertMalformed(2, "invalid JSON", () -> rows(ndjson, 1, "{}\n{\"a\":\n{}"));
    assertMalformed(7, "invalid JSON", () -> rows(ndjson, 7, "{\"a\":1,\"a\":2}"));
    assertMalformed(1, "more than one JSON value on the line", () -> rows(ndjson, 1, "{} {}"));
    assertMalformed(1, "invalid JSON", () -> rows(ndjson, 1, "{\"a\":1} x"));
    assertMalformed(2, "not a JSON object", () -> rows(ndjson, 1, "{}\n\"text\""));
  }

  @Test
  void malformedCsvNamesTheLineAndTheReason() {
    assertMalformed(4, "expected 3 fields (as in the header), found 2", () -> rows(CSV, 2, "1,a,1\n2,b,2\n3,c\n"));
    assertMalformed(2, "expected 3 fields (as in the header), found 4", () -> rows(CSV, 2, "1,a,1,x\n"));
    assertMalformed(2, "unterminated quoted field starting at column 3", () -> rows(CSV, 2, "1,\"abc,1\n"));
    assertMalformed(2, "text after the closing quote of a field at column 6", () -> rows(CSV, 2, "1,\"a\"b,1\n"));
    assertMalformed(2, "a quote inside an unquoted field at column 5", () -> rows(CSV, 2, "1,ab\"c,1\n"));
    byte[] invalidUtf8 = {'1', ',', (byte) 0xC3, ',', '2'};
    assertMalformed(9, "not valid UTF-8", () -> toList(ChunkRows.of(CSV, 9, invalidUtf8)));
  }

  @Test
  void rowsAreParsedLazilySoTheErrorComesWhenItsLineIsReached() {
    var iterator = ChunkRows.of(DatasetSchema.ndjson(), 1, "{}\n{}\nbad\n".getBytes(StandardCharsets.UTF_8))
        .iterator();
    iterator.next();
    // The iterator looks one row ahead: the bad third line surfaces on the second next().
    assertMalformed(3, "invalid JSON", iterator::next);
  }

  @Test
  void formatNames() {
    assertEquals(DataFormat.CSV, DataFormat.parse("CSV"));
    assertEquals(DataFormat.NDJSON, DataFormat.parse("ndjson"));
    assertThrows(IllegalArgumentException.class, () -> DataFormat.parse("xml"));
  }

  static List<Row> rows(DatasetSchema schema, long firstLine, String data) {
    return toList(ChunkRows.of(schema, firstLine, data.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<String> header(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return CsvHeader.parse(bytes, 0, bytes.length, 1);
  }

  private static List<Row> toList(Iterable<Row> rows) {
    List<Row> list = new ArrayList<>();
    rows.forEach(list::add);
    return list;
  }

  static void assertMalformed(long line, String reasonStart, Runnable parse) {
    MalformedRowException e = assertThrows(MalformedRowException.class, parse::run);
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.reason().startsWith(reasonStart), e.getMessage());
    assertTrue(e.getMessage().startsWith("line " + line + ": "), e.getMessage());
  }
}
