package io.atrium.sharding.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atrium.sharding.events.KeyContinuity.Outgoing;
import io.atrium.sharding.events.TagPublication.Progress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.junit.jupiter.api.Test;

/** What a slice stores after a batch of sends: each key's highest sequence number sent, then the offset. */
class ProgressTest {

  @Test
  void keysRiseToTheirHighestSentEventAndTheOffsetToTheLastTagEvent() {
    Progress progress = Progress.of(List.of(
        tagged("a", 3, 10), filled("b", 1), filled("b", 2), tagged("b", 3, 11), tagged("a", 4, 12),
        filled("c", 5)));

    assertEquals(Map.of("a", 4L, "b", 3L, "c", 5L), progress.highest());
    assertEquals(Optional.of(Offset.sequence(12)), progress.offset(), "a filled event has no offset to store");
  }

  @Test
  void eventsPublishedBeforeMoveOnlyTheOffset() {
    Progress progress = Progress.of(List.of(
        new Outgoing(event("a", 7, Offset.sequence(20)), Optional.of(Offset.sequence(20)), true)));

    assertEquals(Map.of(), progress.highest());
    assertEquals(Optional.of(Offset.sequence(20)), progress.offset());
  }

  @Test
  void aBatchOfFilledEventsOnlyStoresNoOffset() {
    assertEquals(Optional.empty(), Progress.of(List.of(filled("a", 1), filled("a", 2))).offset());
  }

  private static Outgoing tagged(String key, long sequenceNr, long offset) {
    return new Outgoing(event(key, sequenceNr, Offset.sequence(offset)), Optional.of(Offset.sequence(offset)), false);
  }

  private static Outgoing filled(String key, long sequenceNr) {
    return new Outgoing(event(key, sequenceNr, Offset.noOffset()), Optional.empty(), false);
  }

  private static EventEnvelope event(String key, long sequenceNr, Offset offset) {
    return new EventEnvelope(offset, key, sequenceNr, key + sequenceNr, 0);
  }
}
