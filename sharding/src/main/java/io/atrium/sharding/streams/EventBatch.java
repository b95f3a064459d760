package io.atrium.sharding.streams;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events of one request as parallel arrays: event {@code i} happened at {@code timestamps[i]}
 * (epoch milliseconds) with {@code values[i]}. This is the unit that is persisted, in one journal
 * event: primitive arrays keep both the CBOR encoding and the aggregation loop cheap.
 *
 * <p>The arrays are handed over, not copied: the caller must not change them afterwards.
 *
 * @param tags empty when no event has tags; otherwise one map per event (empty for untagged events)
 */
public record EventBatch(long[] timestamps, double[] values, List<Map<String, String>> tags) {

  public EventBatch {
    if (timestamps.length != values.length) {
      throw new IllegalArgumentException(
          "timestamps and values differ in length: " + timestamps.length + " vs " + values.length);
    }
    if (!tags.isEmpty() && tags.size() != values.length) {
      throw new IllegalArgumentException("tags must be empty or one map per event, got "
          + tags.size() + " for " + values.length + " events");
    }
    tags = List.copyOf(tags);
  }

  public static EventBatch untagged(long[] timestamps, double[] values) {
    return new EventBatch(timestamps, values, List.of());
  }

  public int size() {
    return values.length;
  }

  /**
   * The first reason this batch cannot be aggregated, naming the event: empty, too many events, a
   * negative timestamp or a value that is not a finite number. The edge checks all of this (and
   * more) before asking; the entity checks again because it must never persist what it cannot apply.
   */
  public Optional<String> problem(int maxEvents) {
    if (values.length == 0) {
      return Optional.of("a batch must hold at least one event");
    }
    if (values.length > maxEvents) {
      return Optional.of("a batch may hold at most " + maxEvents + " events, got " + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      if (timestamps[i] < 0) {
        return Optional.of("events[" + i + "].ts must not be negative");
      }
      if (!Double.isFinite(values[i])) {
        return Optional.of("events[" + i + "].value must be a finite number");
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EventBatch that
        && Arrays.equals(timestamps, that.timestamps)
        && Arrays.equals(values, that.values)
        && tags.equals(that.tags);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(timestamps) + Arrays.hashCode(values)) + tags.hashCode();
  }

  @Override
  public String toString() {
    return "EventBatch[" + values.length + " events" + (tags.isEmpty() ? "" : ", tagged") + "]";
  }
}
