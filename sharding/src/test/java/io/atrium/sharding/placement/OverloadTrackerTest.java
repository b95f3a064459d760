package io.atrium.sharding.placement;

import static io.atrium.sharding.placement.PlacementFixtures.A;
import static io.atrium.sharding.placement.PlacementFixtures.B;
import static io.atrium.sharding.placement.PlacementFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.sharding.load.ClusterLoad;
import io.atrium.sharding.load.ClusterLoad.MemberLoad;
import io.atrium.sharding.load.EdgeLoad;
import io.atrium.sharding.load.NodeLoad;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The overloaded condition with its hysteresis, on reports fed one per second with a hand-moved clock
 * (sustain 10 s, CPU thresholds 0.85 / 0.6, heap 0.9 / 0.75).
 */
class OverloadTrackerTest {

  private static final long SECOND = 1_000;
  private static final long HEAP_MAX = 1_000;
  private static final long STALE_AFTER = 3 * SECOND;

  private final OverloadTracker tracker = new OverloadTracker(settings("atrium.placement.sustain = 10s"));
  private long now = 1_000_000;

  @Test
  void overloadedOnlyAfterHighReportsForTheWholeSustainTime() {
    reportA(0.95, 0.3, 10);
    assertFalse(stateOfA().overloaded(), "10 high reports span 9 s");
    assertEquals(LoadLevel.HIGH, stateOfA().level());
    reportA(0.95, 0.3, 1);
    assertTrue(stateOfA().overloaded(), "11 reports span 10 s");
  }

  @Test
  void oneReportBelowTheThresholdRestartsTheRun() {
    reportA(0.95, 0.3, 9);
    reportA(0.7, 0.3, 1);
    reportA(0.95, 0.3, 10);
    assertFalse(stateOfA().overloaded());
  }

  @Test
  void heapAboveItsThresholdOverloadsToo() {
    reportA(0.1, 0.95, 11);
    assertTrue(stateOfA().overloaded());
  }

  @Test
  void recoveryNeedsClearlyHealthyReportsForTheSustainTimeAndTheBandChangesNothing() {
    reportA(0.95, 0.3, 11);
    reportA(0.7, 0.3, 30);
    assertTrue(stateOfA().overloaded(), "in the band: still overloaded");
    reportA(0.3, 0.3, 10);
    assertTrue(stateOfA().overloaded(), "healthy reports span 9 s");
    reportA(0.3, 0.3, 1);
    assertFalse(stateOfA().overloaded());
    assertTrue(stateOfA().clearlyHealthy());
    reportA(0.9, 0.3, 5);
    assertFalse(stateOfA().overloaded(), "a short burst does not overload it again");
  }

  @Test
  void aStaleReportOrUnknownCpuIsNotFreshAndForgetsTheCondition() {
    reportA(0.95, 0.3, 11);
    now += STALE_AFTER + SECOND;
    tracker.observe(load(Map.of(A, member(0.95, 0.3, STALE_AFTER + SECOND))), now);
    assertFalse(stateOfA().fresh());
    assertFalse(stateOfA().overloaded());
    tracker.observe(load(Map.of(A, member(-1, 0.3, 0))), now);
    assertFalse(stateOfA().fresh(), "the platform cannot tell the CPU");
    reportA(0.95, 0.3, 1);
    assertFalse(stateOfA().overloaded(), "the run starts again");
  }

  @Test
  void aRemovedMemberLeavesTheView() {
    tracker.observe(load(Map.of(A, member(0.2, 0.3, 0), B, member(0.2, 0.3, 0))), now);
    assertEquals(2, tracker.view().nodes().size());
    tracker.observe(load(Map.of(A, member(0.2, 0.3, 0))), now);
    assertEquals(Map.of(A, tracker.view().state(A)), tracker.view().nodes());
    assertFalse(tracker.view().state(B).fresh());
  }

  /** {@code count} reports from A, one per second, each observed as it arrives. */
  private void reportA(double cpu, double heap, int count) {
    for (int i = 0; i < count; i++) {
      now += SECOND;
      tracker.observe(load(Map.of(A, member(cpu, heap, 0))), now);
      // The same report seen again half a second later changes nothing.
      tracker.observe(load(Map.of(A, member(cpu, heap, SECOND / 2))), now + SECOND / 2);
    }
  }

  private NodeState stateOfA() {
    return tracker.view().state(A);
  }

  private static MemberLoad member(double cpu, double heap, long ageMillis) {
    NodeLoad report = new NodeLoad(A, 0, cpu, cpu, (long) (heap * HEAP_MAX), HEAP_MAX, 0, 0, EdgeLoad.NONE, Map.of());
    return new MemberLoad(report, ageMillis, ageMillis > STALE_AFTER);
  }

  private static ClusterLoad load(Map<String, MemberLoad> members) {
    return new ClusterLoad(A, 0, STALE_AFTER, members);
  }
}
