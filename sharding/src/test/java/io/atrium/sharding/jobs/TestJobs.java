package io.atrium.sharding.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.typesafe.config.ConfigFactory;
import io.atrium.sharding.jobs.rows.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Shared by the job type tests: settings from reference.conf, JSON params, chunked runs. */
public final class TestJobs {

  public static final JobSettings SETTINGS = JobSettings.fromConfig(ConfigFactory.load());
  public static final ObjectMapper JSON = JsonMapper.builder().build();

  private TestJobs() {}

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Processes each chunk, shuffles the partials with {@code seed}, and merges them as a job would. */
  public static <P, T extends JobPartial, R extends JobResult> R runChunked(
      JobType<P, T, R> type, P params, List<List<Row>> chunks, long seed) {
    List<T> partials = new ArrayList<>();
    for (List<Row> chunk : chunks) {
      partials.add(type.process(params, chunk));
    }
    Collections.shuffle(partials, new Random(seed));
    return type.merge(params, partials);
  }

  /** Like {@link #runChunked}, but merges pairwise, always two random partials, until one is left. */
  public static <P, T extends JobPartial, R extends JobResult> R runPairwise(
      JobType<P, T, R> type, P params, List<List<Row>> chunks, long seed) {
    Random random = new Random(seed);
    List<T> partials = new ArrayList<>();
    for (List<Row> chunk : chunks) {
      partials.add(type.process(params, chunk));
    }
    if (partials.isEmpty()) {
      return type.finish(params, type.empty(params));
    }
    while (partials.size() > 1) {
      T a = partials.remove(random.nextInt(partials.size()));
      T b = partials.remove(random.nextInt(partials.size()));
      partials.add(type.merge(a, b));
    }
    return type.finish(params, partials.get(0));
  }
}
