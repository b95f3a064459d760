package io.atrium.sharding.placement;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Settings, views and allocations for placement's unit tests. */
final class PlacementFixtures {

  static final String A = "pekko://atrium@127.0.0.1:25521";
  static final String B = "pekko://atrium@127.0.0.1:25522";
  static final String C = "pekko://atrium@127.0.0.1:25523";

  private PlacementFixtures() {}

  /** The reference defaults with {@code overrides} (HOCON) on top. */
  static PlacementSettings settings(String overrides) {
    return PlacementSettings.fromConfig(
        ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  static NodeState normal(double cpu) {
    return new NodeState(false, true, cpu <= 0.6 ? LoadLevel.LOW : LoadLevel.BAND, cpu, 0.3);
  }

  static NodeState high(double cpu) {
    return new NodeState(false, true, LoadLevel.HIGH, cpu, 0.3);
  }

  static NodeState overloaded(double cpu) {
    return new NodeState(true, true, LoadLevel.HIGH, cpu, 0.3);
  }

  /** A view of nodes A, B, C in this order. */
  static PlacementView view(NodeState a, NodeState b, NodeState c) {
    Map<String, NodeState> nodes = new HashMap<>();
    nodes.put(A, a);
    nodes.put(B, b);
    nodes.put(C, c);
    return new PlacementView(Map.copyOf(nodes));
  }

  /** Regions of A, B, C holding the given numbers of shards, with distinct shard ids. */
  static List<Region> regions(int a, int b, int c) {
    List<Region> regions = new ArrayList<>();
    int next = 0;
    for (Object[] entry : new Object[][] {{A, a}, {B, b}, {C, c}}) {
      int count = (Integer) entry[1];
      int first = next;
      regions.add(new Region((String) entry[0],
          IntStream.range(first, first + count).mapToObj(i -> "s" + i).toList(), false));
      next += count;
    }
    return regions;
  }

  /** Shards per node, for assertion messages. */
  static Map<String, Integer> counts(List<Region> regions) {
    Map<String, Integer> counts = new HashMap<>();
    regions.forEach(region -> counts.put(region.node(), region.shards().size()));
    return counts;
  }
}
