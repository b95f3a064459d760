package io.atrium.sharding.jobs.topk;

import static io.atrium.sharding.jobs.TestJobs.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.sharding.jobs.InvalidParamsException;
import io.atrium.sharding.jobs.RandomDataset;
import io.atrium.sharding.jobs.TestJobs;
import io.atrium.sharding.jobs.rows.DataFormat;
import io.atrium.sharding.jobs.rows.Row;
import io.atrium.sharding.jobs.topk.TopKResult.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopKJobTest {

  private static final TopKJob JOB = TopKJob.create(TestJobs.SETTINGS);

  @ParameterizedTest(name = "{0} rows, {1} chunks, {2}, field {3}, k {4}, words {5}")
  @CsvSource({
      "0, 1, NDJSON, product, 5, false",
      "0, 3, CSV, text, 5, true",
      "1, 1, CSV, product, 5, false",
      "1, 2, NDJSON, text, 3, true",
      "3000, 1, NDJSON, product, 10, false",
      "3000, 9, CSV, product, 25, false",
      "3000, 40, NDJSON, text, 8, true",
      "4000, 13, CSV, text, 100, true",
      "4000, 13, CSV, amount, 7, false",
  })
  void chunkedAndMergedInAnyOrderEqualsOnePlainCount(int rows, int chunks, DataFormat format, String field, int k,
      boolean words) {
    RandomDataset dataset = RandomDataset.generate(rows * 7L + chunks, rows);
    TopKParams params = new TopKParams(field, k, words);

    TopKResult result = TestJobs.runChunked(JOB, params, dataset.chunks(format, chunks), chunks);

    assertEquals(plainTopK(dataset.parsedRows(format), params), result);
    assertEquals(result, TestJobs.runPairwise(JOB, params, dataset.chunks(format, chunks), chunks + 1));
  }

  /** Counts with a sorted map, then picks the k largest by repeatedly taking the best remaining. */
  private static TopKResult plainTopK(List<Row> rows, TopKParams params) {
    Map<String, Long> counts = new TreeMap<>();
    long missing = 0;
    long total = 0;
    for (Row row : rows) {
      String text = row.text(params.field());
      if (text == null) {
        missing++;
        continue;
      }
      List<String> values = params.words() ? words(text) : List.of(text);
      for (String value : values) {
        counts.merge(value, 1L, Long::sum);
        total++;
      }
    }
    List<Entry> top = new ArrayList<>();
    Map<String, Long> remaining = new TreeMap<>(counts);
    while (top.size() < params.k() && !remaining.isEmpty()) {
      String best = null;
      for (Map.Entry<String, Long> e : remaining.entrySet()) {
        // Ascending key order: only a strictly larger count displaces the first seen.
        if (best == null || e.getValue() > remaining.get(best)) {
          best = e.getKey();
        }
      }
      top.add(new Entry(best, remaining.remove(best)));
    }
    return new TopKResult(params.field(), params.words(), total, counts.size(), missing, top);
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String part : text.split("[^\\p{L}\\p{Nd}]+")) {
      if (!part.isEmpty()) {
        words.add(part.toLowerCase(Locale.ROOT));
      }
    }
    return words;
  }

  @Test
  void wordsAreRunsOfLettersAndDigitsInLowerCase() {
    List<String> words = new ArrayList<>();
    Words.forEach("Héllo, wörld! x2 \"Quoted\"--ÉTÉ 𝔘nicode", words::add);
    assertEquals(List.of("héllo", "wörld", "x2", "quoted", "été", "𝔘nicode"), words);
  }

  @Test
  void paramsAreValidated() {
    assertEquals(new TopKParams("a", 10, false), JOB.parseParams(json("{\"field\":\"a\"}")));
    assertEquals(new TopKParams("a", 3, true), JOB.parseParams(json("{\"field\":\"a\",\"k\":3,\"words\":true}")));
    var e = assertThrows(InvalidParamsException.class, () -> JOB.parseParams(json("{\"field\":\"a\",\"k\":0}")));
    assertEquals("params.k: must be an integer between 1 and " + TestJobs.SETTINGS.maxTopK(), e.getMessage());
    assertThrows(InvalidParamsException.class, () -> JOB.parseParams(json("{\"field\":\"a\",\"words\":\"yes\"}")));
    assertThrows(InvalidParamsException.class, () -> JOB.parseParams(json("{\"k\":3}")));
  }

  @Test
  void resultRendersAsJson() {
    RandomDataset dataset = RandomDataset.generate(3, 100);
    TopKResult result = TestJobs.runChunked(JOB, new TopKParams("region", 2, false),
        dataset.chunks(DataFormat.NDJSON, 2), 0);
    var tree = TestJobs.JSON.valueToTree(result);
    assertEquals(2, tree.get("top").size());
    assertTrue(tree.get("top").get(0).get("count").asLong() >= tree.get("top").get(1).get("count").asLong());
    assertTrue(tree.get("top").get(0).has("value"));
  }
}
