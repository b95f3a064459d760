package io.atrium.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.config.SettingsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeConfigurationTest {

  private static final String STRATEGY = "pekko.cluster.split-brain-resolver.active-strategy";

  @Test
  void partitionsAreDecidedByKeepMajorityUnlessTheOperatorChoosesTheLease() {
    assertEquals("keep-majority", NodeConfiguration.load(Map.of()).config().getString(STRATEGY));

    var leased = NodeConfiguration.load(Map.of("ATRIUM_DOWNING", "lease-majority")).config();
    assertEquals("lease-majority", leased.getString(STRATEGY));
    assertEquals("pekko.coordination.lease.kubernetes",
        leased.getString("pekko.cluster.split-brain-resolver.lease-majority.lease-implementation"));
    assertTrue(leased.hasPath("pekko.coordination.lease.kubernetes.lease-class"),
        "the Kubernetes lease is on the classpath with its settings");
  }

  @Test
  void anUnknownDowningStrategyStopsStartUpNamingTheSetting() {
    SettingsException invalid = assertThrows(SettingsException.class,
        () -> NodeConfiguration.load(Map.of("ATRIUM_DOWNING", "static-quorum")));
    assertTrue(invalid.getMessage().contains("atrium.node.downing"), invalid.getMessage());
  }
}
