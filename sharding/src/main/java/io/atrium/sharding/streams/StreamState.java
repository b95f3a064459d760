package io.atrium.sharding.streams;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.persistence.serialization.CborSerializable;
import io.atrium.sharding.streams.StreamReply.Stats;
import io.atrium.sharding.streams.StreamSnapshot.RingSnapshot;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A stream's aggregates: an all-time sketch and one {@link WindowRing} per window size.
 *
 * <p>Unlike the other entities' states this one is mutable, on purpose: a batch of up to 10,000
 * events is folded in place in one pass, where an immutable state would copy hundreds of sketches per
 * batch. It is safe because only the entity's event handler changes it, replies carry immutable
 * copies ({@link Stats}), and snapshots are taken as an immutable {@link StreamSnapshot} by the
 * entity's snapshot adapter, synchronously, before the snapshot store sees them. Serialized directly
 * (as the test kit does), it is written as that snapshot too.
 */
public final class StreamState implements CborSerializable {

  private long batches;
  private final LogSketch allTime;
  private final Map<WindowSize, WindowRing> rings;

  private StreamState(long batches, LogSketch allTime, Map<WindowSize, WindowRing> rings) {
    this.batches = batches;
    this.allTime = allTime;
    this.rings = rings;
  }

  /** No events yet; {@code retention} gives the windows kept per size. */
  public static StreamState empty(Map<WindowSize, Integer> retention) {
    Map<WindowSize, WindowRing> rings = new EnumMap<>(WindowSize.class);
    for (WindowSize size : WindowSize.values()) {
      rings.put(size, new WindowRing(size, retention.get(size)));
    }
    return new StreamState(0, new LogSketch(), rings);
  }

  /** Whether anything was ever appended. */
  public boolean exists() {
    return batches > 0;
  }

  /** Batches appended so far: the sequence number of the latest one. */
  public long batches() {
    return batches;
  }

  /** Folds a batch in, event by event in request order; returns this state. */
  StreamState apply(EventBatch batch) {
    long[] timestamps = batch.timestamps();
    double[] values = batch.values();
    WindowRing seconds = rings.get(WindowSize.SECOND);
    WindowRing minutes = rings.get(WindowSize.MINUTE);
    WindowRing hours = rings.get(WindowSize.HOUR);
    for (int i = 0; i < values.length; i++) {
      double value = values[i];
      // The bucket depends on the value only: find it once, not once per window.
      int bucket = LogSketch.bucketForValue(value);
      allTime.add(value, bucket);
      seconds.add(timestamps[i], value, bucket);
      minutes.add(timestamps[i], value, bucket);
      hours.add(timestamps[i], value, bucket);
    }
    batches++;
    return this;
  }

  Stats stats(WindowSize size, int last) {
    WindowRing ring = rings.get(size);
    return new Stats(size, ring.recent(last), allTime.summary(), ring.late());
  }

  @JsonValue
  public StreamSnapshot toSnapshot() {
    List<RingSnapshot> snapshots = new ArrayList<>();
    for (WindowRing ring : rings.values()) {
      snapshots.add(ring.toSnapshot());
    }
    return new StreamSnapshot(batches, allTime.toSnapshot(), snapshots);
  }

  /** Restores a snapshot with the current retention (windows beyond it are dropped). */
  public static StreamState fromSnapshot(StreamSnapshot snapshot, Map<WindowSize, Integer> retention) {
    Map<WindowSize, WindowRing> rings = new EnumMap<>(WindowSize.class);
    for (WindowSize size : WindowSize.values()) {
      rings.put(size, new WindowRing(size, retention.get(size)));
    }
    for (RingSnapshot ring : snapshot.rings()) {
      rings.put(ring.size(), WindowRing.fromSnapshot(ring, retention.get(ring.size())));
    }
    return new StreamState(snapshot.batches(), LogSketch.fromSnapshot(snapshot.allTime()), rings);
  }

  /** Restores a snapshot with the retention it was taken with (used when deserialized directly). */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static StreamState fromSnapshot(StreamSnapshot snapshot) {
    Map<WindowSize, Integer> retention = new EnumMap<>(WindowSize.class);
    for (RingSnapshot ring : snapshot.rings()) {
      retention.put(ring.size(), ring.capacity());
    }
    return fromSnapshot(snapshot, retention);
  }

  /** Equal aggregates: what recovery must preserve. */
  @Override
  public boolean equals(Object other) {
    return other instanceof StreamState that && toSnapshot().equals(that.toSnapshot());
  }

  @Override
  public int hashCode() {
    return toSnapshot().hashCode();
  }

  @Override
  public String toString() {
    return "StreamState[batches=" + batches + ", events=" + allTime.count() + "]";
  }
}
