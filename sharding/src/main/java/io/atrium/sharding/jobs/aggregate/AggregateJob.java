package io.atrium.sharding.jobs.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.sharding.jobs.JobSettings;
import io.atrium.sharding.jobs.JobType;
import io.atrium.sharding.jobs.Merger;
import io.atrium.sharding.jobs.rows.Row;

/**
 * {@code aggregate}: per group of the groupBy fields, the count of rows and, over the rows whose
 * field holds a finite number, count, exact sum, min, max, mean, p50/p90/p99; optionally the
 * distinct count of another field. Params: {@link AggregateParams}.
 *
 * <p>Merging is order-independent and exact for the count, min, max, quantile sketch and distinct
 * sketch (registers), and for the sum, which is kept exactly ({@link ExactSum}) and rounded once.
 * So every chunking and merge order yields the same result, bit for bit.
 */
public final class AggregateJob implements JobType<AggregateParams, AggregatePartial, AggregateResult> {

  public static final String NAME = "aggregate";

  private final JobSettings settings;

  private AggregateJob(JobSettings settings) {
    this.settings = settings;
  }

  public static AggregateJob create(JobSettings settings) {
    return new AggregateJob(settings);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AggregateParams parseParams(JsonNode params) {
    return AggregateParams.parse(params, settings.defaultPrecision());
  }

  @Override
  public AggregatePartial process(AggregateParams params, Iterable<Row> rows) {
    AggregateAccumulator accumulator = accumulator(params);
    for (Row row : rows) {
      accumulator.add(row);
    }
    return accumulator.toPartial();
  }

  @Override
  public AggregatePartial merge(AggregatePartial a, AggregatePartial b) {
    AggregateAccumulator accumulator = AggregateAccumulator.forMerging(settings.maxGroups());
    accumulator.merge(a);
    accumulator.merge(b);
    return accumulator.toPartial();
  }

  @Override
  public AggregateResult finish(AggregateParams params, AggregatePartial merged) {
    AggregateAccumulator accumulator = accumulator(params);
    accumulator.merge(merged);
    return accumulator.toResult();
  }

  /** Folds every partial into one accumulator, instead of one partial per pairwise merge. */
  @Override
  public Merger<AggregatePartial, AggregateResult> merger(AggregateParams params) {
    AggregateAccumulator accumulator = accumulator(params);
    return new Merger<>() {
      @Override
      public void add(AggregatePartial partial) {
        accumulator.merge(partial);
      }

      @Override
      public AggregateResult result() {
        return accumulator.toResult();
      }
    };
  }

  private AggregateAccumulator accumulator(AggregateParams params) {
    return AggregateAccumulator.of(params, settings.maxGroups());
  }
}
