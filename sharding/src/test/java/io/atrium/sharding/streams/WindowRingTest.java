package io.atrium.sharding.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atrium.sharding.streams.StreamReply.WindowStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowRingTest {

  private static final long T0 = 1_699_999_200_000L; // a whole hour, so also a whole minute and second

  private static void add(WindowRing ring, long ts, double value) {
    ring.add(ts, value, LogSketch.bucketForValue(value));
  }

  private static List<Long> starts(List<WindowStats> windows) {
    return windows.stream().map(WindowStats::start).toList();
  }

  private static List<Long> counts(List<WindowStats> windows) {
    return windows.stream().map(w -> w.summary().count()).toList();
  }

  @Test
  void eventsLandInTheWindowThatHoldsTheirTimestamp() {
    WindowRing ring = new WindowRing(WindowSize.SECOND, 5);
    add(ring, T0, 1);
    add(ring, T0 + 999, 2);
    add(ring, T0 + 1000, 3);
    add(ring, T0 + 2500, 4);

    List<WindowStats> windows = ring.recent(5);
    assertEquals(List.of(T0, T0 + 1000, T0 + 2000), starts(windows));
    assertEquals(List.of(2L, 1L, 1L), counts(windows));
    assertEquals(3.0, windows.get(0).summary().sum());
    assertEquals(0, ring.late());
  }

  @Test
  void minuteAndHourWindowsStartOnTheirBoundaries() {
    WindowRing minutes = new WindowRing(WindowSize.MINUTE, 3);
    WindowRing hours = new WindowRing(WindowSize.HOUR, 3);
    long ts = T0 + 2 * 3_600_000 + 17 * 60_000 + 42_123;
    add(minutes, ts, 1);
    add(hours, ts, 1);
    assertEquals(List.of(T0 + 2 * 3_600_000 + 17 * 60_000), starts(minutes.recent(3)));
    assertEquals(List.of(T0 + 2 * 3_600_000), starts(hours.recent(3)));
  }

  @Test
  void rollingPastTheCapacityDropsTheOldestWindowAndReusesItsSlot() {
    WindowRing ring = new WindowRing(WindowSize.SECOND, 3);
    add(ring, T0 + 100, 1);
    add(ring, T0 + 1100, 1);
    add(ring, T0 + 2100, 1);
    add(ring, T0 + 3100, 7); // same slot as T0: must start empty, not add to T0's counts

    List<WindowStats> windows = ring.recent(3);
    assertEquals(List.of(T0 + 1000, T0 + 2000, T0 + 3000), starts(windows));
    assertEquals(List.of(1L, 1L, 1L), counts(windows));
    assertEquals(7.0, windows.get(2).summary().max());
  }

  @Test
  void eventsOlderThanTheOldestRetainedWindowAreLate() {
    WindowRing ring = new WindowRing(WindowSize.SECOND, 3);
    add(ring, T0 + 5000, 1);
    add(ring, T0 + 3000, 1); // oldest retained window: kept
    add(ring, T0 + 2999, 1); // one millisecond older: late
    add(ring, T0, 1);        // late

    assertEquals(2, ring.late());
    assertEquals(List.of(T0 + 3000, T0 + 5000), starts(ring.recent(3)));
  }

  @Test
  void outOfOrderEventsWithinRetentionStillCount() {
    WindowRing ring = new WindowRing(WindowSize.SECOND, 3);
    add(ring, T0 + 2000, 1);
    add(ring, T0 + 1000, 1);
    add(ring, T0 + 2000, 1);
    add(ring, T0 + 1500, 1);
    assertEquals(List.of(2L, 2L), counts(ring.recent(3)));
    assertEquals(0, ring.late());
  }

  @Test
  void aJumpFarAheadAgesOutEverything() {
    WindowRing ring = new WindowRing(WindowSize.SECOND, 3);
    add(ring, T0, 1);
    add(ring, T0 + 1000, 1);
    add(ring, T0 + 3_600_000, 1);
    assertEquals(List.of(T0 + 3_600_000), starts(ring.recent(3)));
    add(ring, T0 + 1000, 1);
    assertEquals(1, ring.late());
  }

  @Test
  void lastCountsPeriodsBackFromTheNewestWindowAndSkipsEmptyOnes() {
    WindowRing ring = new WindowRing(WindowSize.SECOND, 10);
    add(ring, T0, 1);
    add(ring, T0 + 1000, 1);
    add(ring, T0 + 4000, 1);
    add(ring, T0 + 5000, 1);

    assertEquals(List.of(T0 + 5000), starts(ring.recent(1)));
    assertEquals(List.of(T0 + 4000, T0 + 5000), starts(ring.recent(3)), "4 s and 3 s hold nothing");
    assertEquals(List.of(T0 + 1000, T0 + 4000, T0 + 5000), starts(ring.recent(5)));
    assertEquals(List.of(T0, T0 + 1000, T0 + 4000, T0 + 5000), starts(ring.recent(100)), "capped at capacity");
  }

  @Test
  void snapshotRestoresTheSameWindowsAndKeepsAgingThemTheSameWay() {
    WindowRing original = new WindowRing(WindowSize.SECOND, 4);
    for (int i = 0; i < 10; i++) {
      add(original, T0 + i * 700L, i);
    }
    add(original, T0, -1); // late
    WindowRing restored = WindowRing.fromSnapshot(original.toSnapshot(), 4);
    assertEquals(original.toSnapshot(), restored.toSnapshot());

    for (int i = 0; i < 10; i++) {
      add(original, T0 + 5000 + i * 300L, i);
      add(restored, T0 + 5000 + i * 300L, i);
    }
    assertEquals(original.toSnapshot(), restored.toSnapshot());
    assertEquals(original.recent(4), restored.recent(4));
    assertEquals(1, restored.late());
  }

  @Test
  void restoringWithASmallerRetentionDropsTheOldestWindows() {
    WindowRing original = new WindowRing(WindowSize.SECOND, 5);
    for (int i = 0; i < 5; i++) {
      add(original, T0 + i * 1000L, i);
    }
    WindowRing restored = WindowRing.fromSnapshot(original.toSnapshot(), 2);
    assertEquals(List.of(T0 + 3000, T0 + 4000), starts(restored.recent(5)));
    add(restored, T0 + 2000, 1);
    assertEquals(1, restored.late());
  }
}
