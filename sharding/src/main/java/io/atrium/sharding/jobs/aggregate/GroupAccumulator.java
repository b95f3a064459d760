package io.atrium.sharding.jobs.aggregate;

import io.atrium.sharding.jobs.rows.Row;
import io.atrium.sharding.streams.LogSketch;
import java.util.List;
import java.util.Map;

/** The running statistics of one group while rows or partials are folded in. Not thread-safe. */
final class GroupAccumulator {

  private static final long[] QUANTILES_PER_MILLE = {500, 900, 990};

  private long rows;
  private final LogSketch values;
  private final ExactSum sum;
  private final HyperLogLog distinct;

  private GroupAccumulator(long rows, LogSketch values, ExactSum sum, HyperLogLog distinct) {
    this.rows = rows;
    this.values = values;
    this.sum = sum;
    this.distinct = distinct;
  }

  static GroupAccumulator empty(AggregateParams params) {
    return new GroupAccumulator(0, new LogSketch(), new ExactSum(),
        params.countsDistinct() ? HyperLogLog.create(params.precision()) : null);
  }

  static GroupAccumulator of(GroupPartial partial) {
    return new GroupAccumulator(partial.rows(), LogSketch.fromSnapshot(partial.values()),
        ExactSum.fromPartials(partial.sum()),
        partial.distinct() == null ? null : HyperLogLog.fromBytes(partial.distinct()));
  }

  void add(Row row, AggregateParams params) {
    rows++;
    double value = row.number(params.field());
    if (!Double.isNaN(value)) {
      values.add(value);
      sum.add(value);
    }
    if (distinct != null) {
      String text = row.text(params.distinct());
      if (text != null) {
        distinct.add(text);
      }
    }
  }

  void merge(GroupAccumulator other) {
    rows += other.rows;
    values.merge(other.values);
    sum.addAll(other.sum);
    if (distinct != null) {
      distinct.merge(other.distinct);
    }
  }

  GroupPartial toPartial(List<String> key) {
    return new GroupPartial(key, rows, values.toSnapshot(), sum.partials(),
        distinct == null ? null : distinct.toBytes());
  }

  GroupResult toResult(Map<String, String> key) {
    Long estimate = distinct == null ? null : distinct.estimate();
    long n = values.count();
    if (n == 0) {
      return new GroupResult(key, rows, 0, null, null, null, null, null, null, null, estimate);
    }
    double total = sum.value();
    double[] q = values.quantiles(QUANTILES_PER_MILLE);
    // + 0.0 turns -0.0 into 0.0, which reads better in JSON.
    return new GroupResult(key, rows, n, total + 0.0, values.min() + 0.0, values.max() + 0.0, total / n + 0.0,
        q[0], q[1], q[2], estimate);
  }
}
