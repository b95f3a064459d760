package io.atrium.sharding.streams;

import io.atrium.persistence.serialization.CborSerializable;
import java.util.List;

/** Every outcome a stream command can have; the edge maps each to one HTTP status. */
public sealed interface StreamReply extends CborSerializable {

  /** The batch is in the journal. {@code sequence} counts the stream's batches: 1, 2, 3, … */
  record Accepted(int accepted, long sequence) implements StreamReply {}

  /** The batch cannot be aggregated (see {@link EventBatch#problem}); nothing was stored. */
  record Rejected(String message) implements StreamReply {}

  /** Nothing was ever appended to this stream. */
  record NotFound(String entityId) implements StreamReply {}

  /**
   * Aggregates of one window size.
   *
   * @param windows the non-empty windows among the newest {@code last}, oldest first
   * @param allTime every event ever accepted, late ones included
   * @param late events that were older than the oldest retained window of this size when they arrived
   */
  record Stats(WindowSize window, List<WindowStats> windows, Summary allTime, long late) implements StreamReply {}

  /** One window: events with {@code start <= ts < start + window length}. */
  record WindowStats(long start, Summary summary) {}

  /** Quantiles are within {@code LogSketch.RELATIVE_ERROR} (0.99 %) of the exact value at their rank. */
  record Summary(long count, double sum, double min, double max, double mean,
      double p50, double p90, double p99, double p999) {}
}
