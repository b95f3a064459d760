package io.atrium.sharding.placement;

import io.atrium.sharding.load.ClusterLoad;
import io.atrium.sharding.load.ClusterLoad.MemberLoad;
import io.atrium.sharding.load.NodeLoad;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Follows every member's load reports and decides, with hysteresis, which members are overloaded: a
 * member becomes overloaded once its reports have been {@link LoadLevel#HIGH} without a break for
 * {@code sustain}, and healthy again once they have been {@link LoadLevel#LOW} for as long; a report
 * in the band between breaks the run and changes nothing. A stale report, or one without CPU, forgets
 * what was known of the member. Not thread-safe: one scheduled task calls {@link #observe}; readers
 * take {@link #view()}.
 */
final class OverloadTracker {

  /** One member's current run of reports on the same side of the thresholds. */
  private static final class Track {
    private boolean overloaded;
    private LoadLevel runLevel;
    private long runSinceMillis;
  }

  private final PlacementSettings settings;
  private final Map<String, Track> tracks = new HashMap<>();
  private volatile PlacementView view = PlacementView.EMPTY;

  OverloadTracker(PlacementSettings settings) {
    this.settings = settings;
  }

  PlacementView view() {
    return view;
  }

  /**
   * Takes in the latest reports.
   *
   * @param nowMillis the clock the reports' ages are counted on; a report arrived at now - age
   */
  void observe(ClusterLoad load, long nowMillis) {
    tracks.keySet().retainAll(load.members().keySet());
    Map<String, NodeState> nodes = new TreeMap<>();
    load.members().forEach((node, member) ->
        nodes.put(node, observe(tracks.computeIfAbsent(node, n -> new Track()), member, nowMillis)));
    view = new PlacementView(Map.copyOf(nodes));
  }

  private NodeState observe(Track track, MemberLoad member, long nowMillis) {
    NodeLoad report = member.report();
    if (member.stale() || report.processCpu() < 0) {
      track.overloaded = false;
      track.runLevel = null;
      return NodeState.UNKNOWN;
    }
    double heap = report.heapMax() > 0 ? (double) report.heapUsed() / report.heapMax() : 0;
    LoadLevel level = LoadLevel.of(report.processCpu(), heap, settings);
    long arrivedMillis = nowMillis - member.ageMillis();
    if (level != track.runLevel) {
      track.runLevel = level;
      track.runSinceMillis = arrivedMillis;
    }
    if (level != LoadLevel.BAND && arrivedMillis - track.runSinceMillis >= settings.sustain().toMillis()) {
      track.overloaded = level == LoadLevel.HIGH;
    }
    return new NodeState(track.overloaded, true, level, report.processCpu(), heap);
  }
}
