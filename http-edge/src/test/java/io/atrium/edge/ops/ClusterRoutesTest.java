package io.atrium.edge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.Test;

class ClusterRoutesTest {

  @Test
  void statusNamesAreThoseOperatorsKnowFromPekko() {
    assertEquals("Joining", ClusterRoutes.name(MemberStatus.joining()));
    assertEquals("WeaklyUp", ClusterRoutes.name(MemberStatus.weaklyUp()));
    assertEquals("Up", ClusterRoutes.name(MemberStatus.up()));
    assertEquals("Leaving", ClusterRoutes.name(MemberStatus.leaving()));
    assertEquals("Exiting", ClusterRoutes.name(MemberStatus.exiting()));
    assertEquals("Down", ClusterRoutes.name(MemberStatus.down()));
    assertEquals("Removed", ClusterRoutes.name(MemberStatus.removed()));
  }
}
