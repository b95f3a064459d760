package io.atrium.edge.streams;

import io.atrium.sharding.streams.StreamReply;
import java.util.List;

/** The JSON bodies of the streams API (the contract clients see, apart from the entity's protocol). */
final class StreamJson {

  private StreamJson() {}

  /** 200 to a POST of events: the batch is durable; {@code sequence} numbers the stream's batches. */
  record Accepted(int accepted, long sequence) {}

  /** 200 to a GET of stats. */
  record Stats(String stream, String window, List<Window> windows, Summary allTime, long late) {

    static Stats of(String stream, StreamReply.Stats stats) {
      return new Stats(stream, stats.window().label(),
          stats.windows().stream().map(w -> Window.of(w.start(), w.summary())).toList(),
          Summary.of(stats.allTime()), stats.late());
    }
  }

  /** One window: events with {@code start <= ts < start + window}, {@code start} in epoch milliseconds. */
  record Window(long start, long count, double sum, double min, double max, double mean,
      double p50, double p90, double p99, double p999) {

    static Window of(long start, StreamReply.Summary s) {
      return new Window(start, s.count(), s.sum(), s.min(), s.max(), s.mean(), s.p50(), s.p90(), s.p99(), s.p999());
    }
  }

  record Summary(long count, double sum, double min, double max, double mean,
      double p50, double p90, double p99, double p999) {

    static Summary of(StreamReply.Summary s) {
      return new Summary(s.count(), s.sum(), s.min(), s.max(), s.mean(), s.p50(), s.p90(), s.p99(), s.p999());
    }
  }
}
