package io.atrium.sharding.jobs.aggregate;

import static io.atrium.sharding.jobs.TestJobs.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.sharding.jobs.InvalidParamsException;
import io.atrium.sharding.jobs.JobSettings;
import io.atrium.sharding.jobs.RandomDataset;
import io.atrium.sharding.jobs.TestJobs;
import io.atrium.sharding.jobs.rows.DataFormat;
import io.atrium.sharding.jobs.rows.Row;
import io.atrium.sharding.streams.LogSketch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AggregateJobTest {

  private static final AggregateJob JOB = AggregateJob.create(TestJobs.SETTINGS);
  private static final int PRECISION = 10;

  /** The plain computation the chunked one must agree with: one pass, one group map, no cleverness. */
  private static final class Expected {
    long count;
    long values;
    double plainSum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    final LogSketch sketch = new LogSketch();
    final HyperLogLog distinct = HyperLogLog.create(PRECISION);
    final Set<String> exactDistinct = new HashSet<>();
  }

  @ParameterizedTest(name = "{0} rows, {1} chunks, {2}, groupBy {3}")
  @CsvSource(delimiter = ';', value = {
      "0; 1; NDJSON; region,product",
      "0; 5; CSV; region",
      "1; 1; NDJSON; region,product",
      "1; 4; CSV; region,product",
      "2000; 1; NDJSON; region,product",
      "2000; 3; CSV; region,product",
      "2000; 17; NDJSON; product",
      "5000; 64; CSV; region",
      "3000; 7; NDJSON; ''",
  })
  void chunkedAndMergedInAnyOrderEqualsOnePlainPass(int rows, int chunks, DataFormat format, String groupBy) {
    RandomDataset dataset = RandomDataset.generate(rows * 31L + chunks, rows);
    List<String> fields = groupBy.isEmpty() ? List.of() : Arrays.asList(groupBy.split(","));
    AggregateParams params = new AggregateParams(fields, "amount", "user", PRECISION);

    AggregateResult result = TestJobs.runChunked(JOB, params, dataset.chunks(format, chunks), rows);

    Map<List<String>, Expected> expected = plainPass(dataset.parsedRows(format), params);
    assertEquals(expected.size(), result.groups().size());
    if (rows == 0) {
      assertTrue(result.groups().isEmpty());
    }
    for (GroupResult group : result.groups()) {
      assertGroup(expected.get(new ArrayList<>(group.key().values())), group);
    }
    assertEquals(result, TestJobs.runPairwise(JOB, params, dataset.chunks(format, chunks), rows + 1),
        "merging pairwise in another random order gives the same result, bit for bit");
    assertEquals(result, TestJobs.runChunked(JOB, params, dataset.chunks(format, 1), 0),
        "as does a single chunk");
  }

  private static Map<List<String>, Expected> plainPass(List<Row> rows, AggregateParams params) {
    Map<List<String>, Expected> groups = new HashMap<>();
    for (Row row : rows) {
      List<String> key = params.groupBy().stream().map(row::text).toList();
      Expected group = groups.computeIfAbsent(key, k -> new Expected());
      group.count++;
      double value = row.number("amount");
      if (!Double.isNaN(value)) {
        group.values++;
        group.plainSum += value;
        group.min = Math.min(group.min, value);
        group.max = Math.max(group.max, value);
        group.sketch.add(value);
      }
      String user = row.text("user");
      group.distinct.add(user);
      group.exactDistinct.add(user);
    }
    return groups;
  }

  private static void assertGroup(Expected expected, GroupResult actual) {
    assertEquals(expected.count, actual.count());
    assertEquals(expected.values, actual.values());
    if (expected.values == 0) {
      assertNull(actual.sum());
      assertNull(actual.p50());
    } else {
      double tolerance = 1e-9 * Math.max(1, Math.abs(expected.plainSum));
      assertEquals(expected.plainSum, actual.sum(), tolerance);
      assertEquals(expected.min, actual.min());
      assertEquals(expected.max, actual.max());
      assertEquals(expected.plainSum / expected.values, actual.mean(), tolerance);
      double[] q = expected.sketch.quantiles(500, 900, 990);
      assertEquals(q[0], actual.p50());
      assertEquals(q[1], actual.p90());
      assertEquals(q[2], actual.p99());
    }
    assertEquals(expected.distinct.estimate(), actual.distinct(), "equal to the one-pass sketch");
    int exact = expected.exactDistinct.size();
    assertTrue(Math.abs(actual.distinct() - exact) <= HyperLogLog.errorBound(PRECISION, exact),
        "within the documented error of the exact " + exact + ": " + actual.distinct());
  }

  @Test
  void resultRendersAsJson() throws Exception {
    RandomDataset dataset = RandomDataset.generate(5, 50);
    AggregateParams params = JOB.parseParams(json("{\"groupBy\":[\"region\"],\"field\":\"amount\"}"));
    AggregateResult result = TestJobs.runChunked(JOB, params, dataset.chunks(DataFormat.NDJSON, 3), 1);
    var tree = TestJobs.JSON.valueToTree(result);
    assertEquals("amount", tree.get("field").asText());
    assertTrue(tree.get("distinctField").isNull());
    var first = tree.get("groups").get(0);
    assertTrue(first.get("key").has("region"));
    for (String name : List.of("count", "values", "sum", "min", "max", "mean", "p50", "p90", "p99", "distinct")) {
      assertTrue(first.has(name), name);
    }
  }

  @Test
  void paramsAreValidatedWithClearMessages() {
    AggregateParams params = JOB.parseParams(json("{\"field\":\"amount\"}"));
    assertEquals(List.of(), params.groupBy());
    assertNull(params.distinct());
    assertEquals(TestJobs.SETTINGS.defaultPrecision(), params.precision());
    assertInvalid("params.field: is required", "{\"groupBy\":[\"a\"]}");
    assertInvalid("params.field: must be a non-empty string", "{\"field\":3}");
    assertInvalid("params.groupBy: must be an array of field names", "{\"field\":\"a\",\"groupBy\":\"b\"}");
    assertInvalid("params.groupBy: names \"b\" twice", "{\"field\":\"a\",\"groupBy\":[\"b\",\"b\"]}");
    assertInvalid("params.precision: must be an integer between 4 and 18", "{\"field\":\"a\",\"precision\":30}");
    assertInvalid("params.fields: unknown param; known: distinct, field, groupBy, precision", "{\"fields\":\"a\"}");
    assertThrows(IllegalArgumentException.class, () -> JOB.parseParams(json("[1]")));
  }

  @Test
  void tooManyGroupsFailsTheChunk() {
    JobSettings settings = TestJobs.SETTINGS;
    AggregateJob job = AggregateJob.create(new JobSettings(settings.chunkBytes(), settings.maxLineBytes(),
        settings.defaultPrecision(), 3, settings.maxTopK(), settings.importFailureExamples()));
    RandomDataset dataset = RandomDataset.generate(9, 200);
    AggregateParams params = new AggregateParams(List.of("user"), "amount", null, PRECISION);
    var e = assertThrows(TooManyGroupsException.class,
        () -> job.process(params, dataset.parsedRows(DataFormat.NDJSON)));
    assertTrue(e.getMessage().contains("more than 3 groups"), e.getMessage());
  }

  private static void assertInvalid(String message, String params) {
    var e = assertThrows(InvalidParamsException.class, () -> JOB.parseParams(json(params)));
    assertEquals(message, e.getMessage());
  }
}
