package io.atrium.sharding.placement;

import java.util.List;

/**
 * One shard region as placement sees it.
 *
 * @param node the address of the region's member
 * @param shards its shards, in the order they were allocated
 * @param leaving its member is leaving or down: it gets no shards while another region can take them
 */
public record Region(String node, List<String> shards, boolean leaving) {

  public Region {
    shards = List.copyOf(shards);
  }

  int size() {
    return shards.size();
  }
}
