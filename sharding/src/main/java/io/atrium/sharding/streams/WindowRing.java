package io.atrium.sharding.streams;

import io.atrium.sharding.streams.StreamReply.WindowStats;
import io.atrium.sharding.streams.StreamSnapshot.RingSnapshot;
import io.atrium.sharding.streams.StreamSnapshot.WindowSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The newest {@code capacity} windows of one size, in event time: the newest window is the one that
 * holds the newest ts seen, and retention counts back from it (never from a wall clock, so replaying
 * the journal rebuilds exactly the same windows). An event older than the oldest retained window is
 * late: it is counted in {@link #late()} and not in any window.
 *
 * <p>Windows live in a fixed array indexed by (start / length) mod capacity; a slot whose window has
 * aged out is reused in place.
 */
final class WindowRing {

  private static final long NONE = Long.MIN_VALUE;

  private final WindowSize size;
  private final Window[] slots;
  private long newestStart = NONE;
  private long late;

  private static final class Window {
    long start;
    final LogSketch sketch;

    Window(long start, LogSketch sketch) {
      this.start = start;
      this.sketch = sketch;
    }
  }

  WindowRing(WindowSize size, int capacity) {
    this.size = size;
    this.slots = new Window[capacity];
  }

  long late() {
    return late;
  }

  /** Adds an event; {@code bucket} as computed by {@link LogSketch#bucketForValue}. */
  void add(long ts, double value, int bucket) {
    long start = size.startOf(ts);
    if (newestStart == NONE || start > newestStart) {
      newestStart = start;
    } else if (start < oldestRetainedStart(slots.length)) {
      late++;
      return;
    }
    int slot = (int) Math.floorMod(start / size.millis(), (long) slots.length);
    Window window = slots[slot];
    if (window == null) {
      slots[slot] = window = new Window(start, new LogSketch());
    } else if (window.start != start) {
      window.start = start;
      window.sketch.clear();
    }
    window.sketch.add(value, bucket);
  }

  /** The non-empty windows among the newest {@code last} (capped at the capacity), oldest first. */
  List<WindowStats> recent(int last) {
    List<WindowStats> result = new ArrayList<>();
    for (Window window : retained(Math.min(last, slots.length))) {
      result.add(new WindowStats(window.start, window.sketch.summary()));
    }
    return result;
  }

  RingSnapshot toSnapshot() {
    List<WindowSnapshot> windows = new ArrayList<>();
    for (Window window : retained(slots.length)) {
      windows.add(new WindowSnapshot(window.start, window.sketch.toSnapshot()));
    }
    return new RingSnapshot(size, slots.length, newestStart, late, windows);
  }

  /**
   * Rebuilds a ring with {@code capacity} slots; when the capacity is smaller than the snapshot's
   * (retention was lowered), windows beyond it are dropped.
   */
  static WindowRing fromSnapshot(RingSnapshot snapshot, int capacity) {
    WindowRing ring = new WindowRing(snapshot.size(), capacity);
    ring.newestStart = snapshot.newestStart();
    ring.late = snapshot.late();
    for (WindowSnapshot window : snapshot.windows()) {
      if (window.start() >= ring.oldestRetainedStart(capacity)) {
        int slot = (int) Math.floorMod(window.start() / ring.size.millis(), (long) capacity);
        ring.slots[slot] = new Window(window.start(), LogSketch.fromSnapshot(window.sketch()));
      }
    }
    return ring;
  }

  private long oldestRetainedStart(int windows) {
    return newestStart - (windows - 1) * size.millis();
  }

  private List<Window> retained(int windows) {
    List<Window> result = new ArrayList<>();
    if (newestStart == NONE) {
      return result;
    }
    long oldest = oldestRetainedStart(windows);
    for (Window window : slots) {
      if (window != null && window.start >= oldest && window.sketch.count() > 0) {
        result.add(window);
      }
    }
    result.sort(Comparator.comparingLong(window -> window.start));
    return result;
  }
}
