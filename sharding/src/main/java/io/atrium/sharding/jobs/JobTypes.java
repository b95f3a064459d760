package io.atrium.sharding.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.sharding.jobs.aggregate.AggregateJob;
import io.atrium.sharding.jobs.rows.Row;
import io.atrium.sharding.jobs.topk.TopKJob;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The job types by the name clients use in {@code "type"}, and a way to run one over rows in one
 * piece — what a synchronous compute request does with its inline body.
 */
public final class JobTypes {

  private final Map<String, JobType<?, ?, ?>> byName;

  private JobTypes(List<JobType<?, ?, ?>> types) {
    this.byName = types.stream().collect(Collectors.toUnmodifiableMap(JobType::name, Function.identity()));
  }

  public static JobTypes create(JobSettings settings) {
    return new JobTypes(List.of(AggregateJob.create(settings), TopKJob.create(settings)));
  }

  public Optional<JobType<?, ?, ?>> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every type's name, sorted, for messages that list them. */
  public String names() {
    return String.join(", ", byName.keySet().stream().sorted().toList());
  }

  /**
   * The result of job type {@code name} over {@code rows} taken as one chunk.
   *
   * @throws IllegalArgumentException for an unknown type or invalid params ({@link InvalidParamsException})
   * @throws io.atrium.sharding.jobs.rows.MalformedRowException when a row is malformed
   */
  public JobResult compute(String name, JsonNode params, Iterable<Row> rows) {
    JobType<?, ?, ?> type = get(name).orElseThrow(() -> new IllegalArgumentException(
        "unknown job type \"" + name + "\"; known: " + names()));
    return computeTyped(type, params, rows);
  }

  private static <P, T extends JobPartial, R extends JobResult> R computeTyped(
      JobType<P, T, R> type, JsonNode json, Iterable<Row> rows) {
    P params = type.parseParams(json);
    return type.finish(params, type.process(params, rows));
  }
}
