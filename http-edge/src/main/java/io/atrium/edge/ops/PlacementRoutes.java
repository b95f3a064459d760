package io.atrium.edge.ops;

import io.atrium.edge.Json;
import io.atrium.sharding.placement.NodeState;
import io.atrium.sharding.placement.ShardPlacement;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /ops/placement}: what load-aware shard placement knows of every member, as this node
 * sees it (every node follows the same reports, so the coordinator's node sees the same up to a
 * report interval).
 */
public final class PlacementRoutes extends AllDirectives {

  /** The reply; {@code nodes} by member address, empty when placement is off. */
  public record PlacementReport(boolean enabled, Map<String, NodeState> nodes) {}

  private final ShardPlacement placement;

  public PlacementRoutes(ShardPlacement placement) {
    this.placement = placement;
  }

  public Route route() {
    return pathPrefix("ops", () -> path("placement", () -> get(() -> complete(StatusCodes.OK,
        new PlacementReport(placement.enabled(), placement.view().nodes()), Json.marshaller()))));
  }
}
