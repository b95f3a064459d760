package io.atrium.sharding.placement;

import java.util.Map;

/**
 * The placement state of every member with a report, by address ({@code pekko://atrium@host:port}).
 * Immutable: the tracker replaces it after every look at the load reports, and the shard
 * coordinator reads it without locking or waiting.
 */
public record PlacementView(Map<String, NodeState> nodes) {

  public static final PlacementView EMPTY = new PlacementView(Map.of());

  public NodeState state(String node) {
    return nodes.getOrDefault(node, NodeState.UNKNOWN);
  }
}
