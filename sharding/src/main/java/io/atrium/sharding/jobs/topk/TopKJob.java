package io.atrium.sharding.jobs.topk;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.sharding.jobs.JobSettings;
import io.atrium.sharding.jobs.JobType;
import io.atrium.sharding.jobs.Merger;
import io.atrium.sharding.jobs.rows.Row;
import io.atrium.sharding.jobs.topk.TopKResult.Entry;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code topk}: the k most frequent values of a field, or of the words of a text field, with exact
 * counts. Partials keep every value's count; merging adds them. Params: {@link TopKParams}.
 */
public final class TopKJob implements JobType<TopKParams, TopKPartial, TopKResult> {

  public static final String NAME = "topk";

  private static final Comparator<Map.Entry<String, Long>> MOST_FREQUENT_FIRST =
      Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

  private final JobSettings settings;

  private TopKJob(JobSettings settings) {
    this.settings = settings;
  }

  public static TopKJob create(JobSettings settings) {
    return new TopKJob(settings);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TopKParams parseParams(JsonNode params) {
    return TopKParams.parse(params, settings.maxTopK());
  }

  @Override
  public TopKPartial process(TopKParams params, Iterable<Row> rows) {
    Map<String, Long> counts = new HashMap<>();
    long missing = 0;
    for (Row row : rows) {
      String text = row.text(params.field());
      if (text == null) {
        missing++;
      } else if (params.words()) {
        Words.forEach(text, word -> counts.merge(word, 1L, Long::sum));
      } else {
        counts.merge(text, 1L, Long::sum);
      }
    }
    return new TopKPartial(counts, missing);
  }

  @Override
  public TopKPartial merge(TopKPartial a, TopKPartial b) {
    Map<String, Long> counts = new HashMap<>(a.counts());
    b.counts().forEach((value, count) -> counts.merge(value, count, Long::sum));
    return new TopKPartial(counts, a.missing() + b.missing());
  }

  /** Adds every partial into one map, instead of copying the map once per pairwise merge. */
  @Override
  public Merger<TopKPartial, TopKResult> merger(TopKParams params) {
    return new Merger<>() {
      private final Map<String, Long> counts = new HashMap<>();
      private long missing;

      @Override
      public void add(TopKPartial partial) {
        partial.counts().forEach((value, count) -> counts.merge(value, count, Long::sum));
        missing += partial.missing();
      }

      @Override
      public TopKResult result() {
        return finish(params, new TopKPartial(counts, missing));
      }
    };
  }

  @Override
  public TopKResult finish(TopKParams params, TopKPartial merged) {
    long total = merged.counts().values().stream().mapToLong(Long::longValue).sum();
    List<Entry> top = merged.counts().entrySet().stream()
        .sorted(MOST_FREQUENT_FIRST)
        .limit(params.k())
        .map(e -> new Entry(e.getKey(), e.getValue()))
        .toList();
    return new TopKResult(params.field(), params.words(), total, merged.counts().size(), merged.missing(), top);
  }
}
