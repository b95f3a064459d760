package io.atrium.sharding.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atrium.sharding.balancer.RouteeLoad;
import io.atrium.sharding.load.EdgeLoad;
import io.atrium.sharding.load.NodeLoad;
import io.atrium.sharding.load.PoolLoad;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteeLoadsTest {

  private static final long AT = 123_456_789L;

  private static NodeLoad report(double processCpu, double systemCpu, long heapUsed, long heapMax,
      Map<String, PoolLoad> pools) {
    return new NodeLoad("pekko://atrium@127.0.0.1:25520", 0, processCpu, systemCpu, heapUsed, heapMax, 0, 0,
        EdgeLoad.NONE, pools);
  }

  @Test
  void mapsThePoolsFiguresAndTheNodesResources() {
    NodeLoad report = report(0.2, 0.6, 300, 1000, Map.of("compute", new PoolLoad(3.0, 2.0, 8, 4, 0.25)));
    assertEquals(new RouteeLoad(0.2, 0.7, 3.0, 2.0, 2.0, 0.25, AT), RouteeLoads.of(report, "compute", AT),
        "the node's own CPU, not the machine's");
  }

  @Test
  void missingFiguresAreNeutral() {
    NodeLoad unknown = report(-1, -1, 500, -1, Map.of());
    assertEquals(new RouteeLoad(0, 1, 0, 0, 0, 0, AT), RouteeLoads.of(unknown, "compute", AT));
    NodeLoad noWorkers = report(0.4, -1, 0, 1000, Map.of("compute", new PoolLoad(0, 0, 3, 0, 0)));
    assertEquals(new RouteeLoad(0.4, 1, 0, 0, 0, 0, AT), RouteeLoads.of(noWorkers, "compute", AT));
  }
}
