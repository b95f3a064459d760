package io.atrium.sharding.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.sharding.jobs.rows.Row;
import java.util.Collection;
import java.util.List;

/**
 * One kind of data-processing job. A dataset is split into chunks ({@link
 * io.atrium.sharding.jobs.chunks.DatasetChunker}); each chunk is processed on its own, anywhere in
 * the cluster, into a partial; the partials are merged, in whatever order they arrive, into the
 * result. Implementations are stateless and thread-safe.
 *
 * <p>Contract: {@code merge} is associative and commutative, and {@link #empty} is its identity, so
 * processing a dataset in any number of chunks and merging them in any order gives one result.
 *
 * @param <P> the validated params
 * @param <T> the partial of a chunk
 * @param <R> the result
 */
public interface JobType<P, T extends JobPartial, R extends JobResult> {

  /** The name clients use in {@code "type"}. */
  String name();

  /** Reads and validates the client's {@code "params"}; throws {@link InvalidParamsException}. */
  P parseParams(JsonNode params);

  /** The partial of one chunk's rows. */
  T process(P params, Iterable<Row> rows);

  /** Two partials combined. */
  T merge(T a, T b);

  /** The partial of no rows: the result of an empty dataset. */
  default T empty(P params) {
    return process(params, List.of());
  }

  /** The result from the merge of every chunk's partial. */
  R finish(P params, T merged);

  /**
   * An empty running merge. The default folds pairwise with {@link #merge(Object, Object)}; types
   * with large partials keep one mutable accumulator instead.
   */
  default Merger<T, R> merger(P params) {
    return new Merger<>() {
      private T merged = empty(params);

      @Override
      public void add(T partial) {
        merged = merge(merged, partial);
      }

      @Override
      public R result() {
        return finish(params, merged);
      }
    };
  }

  /** The result from every chunk's partial, in any order. */
  default R merge(P params, Collection<T> partials) {
    Merger<T, R> merger = merger(params);
    partials.forEach(merger::add);
    return merger.result();
  }
}
