package io.atrium.sharding.jobs.imports;

import static io.atrium.sharding.jobs.TestJobs.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.atrium.sharding.jobs.InvalidParamsException;
import io.atrium.sharding.jobs.rows.ChunkRows;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import io.atrium.sharding.jobs.rows.Row;
import io.atrium.sharding.records.RecordLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImportMappingTest {

  private static final RecordLimits LIMITS = RecordLimits.fromConfig(ConfigFactory.load());
  private static final ImportMapping MAPPING = ImportMapping.create(new ImportParams("customers", "id"), LIMITS);

  @Test
  void aRowBecomesARecordKeyedByItsKeyField() {
    ImportRow.Write write = assertInstanceOf(ImportRow.Write.class,
        MAPPING.map(row(DatasetSchema.ndjson(), "{\"id\":17,\"name\":\"Ann\",\"tags\":[\"a\"],\"score\":2.5}")));
    assertEquals("17", write.key());
    assertEquals("{\"id\":17,\"name\":\"Ann\",\"tags\":[\"a\"],\"score\":2.5}", write.valueJson());
    ImportRow.Write csv = assertInstanceOf(ImportRow.Write.class,
        MAPPING.map(row(DatasetSchema.csv(List.of("id", "n")), "k-1,5")));
    assertEquals("{\"id\":\"k-1\",\"n\":\"5\"}", csv.valueJson(), "CSV values are strings");
  }

  @Test
  void rowsThatCannotBeRecordsAreRejectedWithAReason() {
    assertRejected(ImportFailureReason.NO_KEY, "{\"name\":\"x\"}");
    assertRejected(ImportFailureReason.NO_KEY, "{\"id\":null}");
    assertRejected(ImportFailureReason.INVALID_KEY, "{\"id\":\"..\"}");
    assertRejected(ImportFailureReason.INVALID_KEY, "{\"id\":\"" + "k".repeat(600) + "\"}");
    assertRejected(ImportFailureReason.INVALID_VALUE, "{\"id\":1,\"deep\":" + "[".repeat(70) + "]".repeat(70) + "}");
  }

  @Test
  void paramsNeedAValidCollectionAndAKeyField() {
    assertEquals(new ImportParams("a.b-c_1", "id"),
        ImportParams.parse(json("{\"collection\":\"a.b-c_1\",\"keyField\":\"id\"}"), LIMITS));
    var e = assertThrows(InvalidParamsException.class,
        () -> ImportParams.parse(json("{\"collection\":\"no/slash\",\"keyField\":\"id\"}"), LIMITS));
    assertTrue(e.getMessage().startsWith("params.collection: collection must match"), e.getMessage());
    assertThrows(InvalidParamsException.class, () -> ImportParams.parse(json("{\"collection\":\"c\"}"), LIMITS));
  }

  @Test
  void countsMergeInAnyOrderKeepingTheFailuresOfTheLowestLines() {
    Random random = new Random(5);
    List<ImportCounts> parts = new ArrayList<>();
    long line = 0;
    for (int chunk = 0; chunk < 20; chunk++) {
      ImportTally tally = new ImportTally(4);
      List<Long> lines = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        lines.add(++line);
      }
      // Writes complete out of order within a chunk.
      Collections.shuffle(lines, random);
      for (long l : lines) {
        switch ((int) (l % 5)) {
          case 0 -> tally.failed(l, ImportFailureReason.INVALID_KEY, "bad");
          case 1 -> tally.failed(l, ImportFailureReason.WRITE_FAILED, "timeout");
          case 2 -> tally.updated();
          default -> tally.created();
        }
      }
      parts.add(tally.toCounts());
    }
    Collections.shuffle(parts, random);
    ImportCounts total = ImportCounts.none();
    for (ImportCounts part : parts) {
      total = total.merge(part, 4);
    }
    assertEquals(240, total.created());
    assertEquals(120, total.updated());
    assertEquals(240, total.failed());
    assertEquals(Map.of(ImportFailureReason.INVALID_KEY, 120L, ImportFailureReason.WRITE_FAILED, 120L),
        total.failedByReason());
    assertEquals(List.of(1L, 5L, 6L, 10L), total.firstFailures().stream().map(ImportFailure::line).toList());
  }

  private static void assertRejected(ImportFailureReason reason, String line) {
    ImportRow.Rejected rejected = assertInstanceOf(ImportRow.Rejected.class, MAPPING.map(row(DatasetSchema.ndjson(), line)));
    assertEquals(reason, rejected.reason(), rejected.message());
    assertEquals(3, rejected.line());
  }

  private static Row row(DatasetSchema schema, String line) {
    return ChunkRows.of(schema, 3, line.getBytes(StandardCharsets.UTF_8)).iterator().next();
  }
}
