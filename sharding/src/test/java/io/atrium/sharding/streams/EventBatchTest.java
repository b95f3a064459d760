package io.atrium.sharding.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventBatchTest {

  @Test
  void arraysMustLineUp() {
    assertThrows(IllegalArgumentException.class, () -> EventBatch.untagged(new long[2], new double[1]));
    assertThrows(IllegalArgumentException.class,
        () -> new EventBatch(new long[2], new double[2], List.of(Map.of())));
  }

  @Test
  void equalityIsByContent() {
    EventBatch a = new EventBatch(new long[] {1, 2}, new double[] {3, 4}, List.of(Map.of("k", "v"), Map.of()));
    EventBatch b = new EventBatch(new long[] {1, 2}, new double[] {3, 4}, List.of(Map.of("k", "v"), Map.of()));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, EventBatch.untagged(new long[] {1, 2}, new double[] {3, 4}));
    assertNotEquals(a, new EventBatch(new long[] {1, 2}, new double[] {3, 5}, a.tags()));
  }

  @Test
  void firstProblemWins() {
    EventBatch batch = EventBatch.untagged(new long[] {5, -1, 5}, new double[] {1, Double.NaN, Double.NaN});
    assertEquals(Optional.of("events[1].ts must not be negative"), batch.problem(10));
    assertEquals(Optional.of("a batch may hold at most 2 events, got 3"), batch.problem(2));
    assertEquals(Optional.empty(), EventBatch.untagged(new long[] {0}, new double[] {-0.0}).problem(1));
  }
}
