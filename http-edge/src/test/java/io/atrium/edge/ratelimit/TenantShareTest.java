package io.atrium.edge.ratelimit;

import static io.atrium.edge.ratelimit.TestLoads.SELF;
import static io.atrium.edge.ratelimit.TestLoads.fresh;
import static io.atrium.edge.ratelimit.TestLoads.member;
import static io.atrium.edge.ratelimit.TestLoads.view;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atrium.edge.ratelimit.RateLimitSettings.ShareWindow;
import io.atrium.sharding.load.ClusterLoad;
import io.atrium.sharding.load.Rates;
import org.junit.jupiter.api.Test;

class TenantShareTest {

  private static final String B = "pekko://atrium@127.0.0.1:2";
  private static final String C = "pekko://atrium@127.0.0.1:3";
  private static final double FLOOR = 0.1;

  private static double share(ClusterLoad view) {
    return TenantShare.of(view, "acme", FLOOR, ShareWindow.TEN_SECONDS);
  }

  @Test
  void aNodeWithoutOtherReportsOwnsTheWholeRate() {
    assertEquals(1.0, share(view()));
    assertEquals(1.0, share(view(fresh(SELF, "acme", 5))));
    assertEquals(1.0, share(view(fresh(SELF, "acme", 5), member(B, "acme", new Rates(50, 50, 50), true))),
        "a stale report does not count as another member");
  }

  @Test
  void sharesFollowWhereTheTenantsRequestsArrive() {
    assertEquals(0.2, share(view(fresh(SELF, "acme", 20), fresh(B, "acme", 40), fresh(C, "acme", 40))), 1e-12);
    assertEquals(0.5, share(view(fresh(SELF, "acme", 30), fresh(B, "acme", 30), fresh(C, "other", 500))), 1e-12);
    assertEquals(1.0, share(view(fresh(SELF, "acme", 30), fresh(B, "acme", 0))));
  }

  @Test
  void withNoArrivalsAnywhereTheRateIsSplitEvenly() {
    assertEquals(1.0 / 3, share(view(fresh(SELF, null, 0), fresh(B, null, 0), fresh(C, "other", 9))), 1e-12);
    assertEquals(0.5, share(view(fresh(B, null, 0))), 1e-12, "before this node's own first report");
  }

  @Test
  void aNodeWithoutArrivalsKeepsTheFloor() {
    assertEquals(FLOOR, share(view(fresh(SELF, "acme", 0), fresh(B, "acme", 100), fresh(C, "acme", 100))));
    assertEquals(FLOOR, share(view(fresh(SELF, "acme", 1), fresh(B, "acme", 99))), 1e-12);
  }

  @Test
  void staleReportsAreLeftOut() {
    ClusterLoad view = view(fresh(SELF, "acme", 10), fresh(B, "acme", 30), member(C, "acme", new Rates(60, 60, 60), true));
    assertEquals(0.25, share(view), 1e-12);
  }

  @Test
  void theConfiguredWindowIsTheOneFollowed() {
    ClusterLoad view = view(member(SELF, "acme", new Rates(30, 10, 10), false),
        member(B, "acme", new Rates(10, 30, 10), false));
    assertEquals(0.75, TenantShare.of(view, "acme", FLOOR, ShareWindow.ONE_SECOND), 1e-12);
    assertEquals(0.25, TenantShare.of(view, "acme", FLOOR, ShareWindow.TEN_SECONDS), 1e-12);
    assertEquals(0.5, TenantShare.of(view, "acme", FLOOR, ShareWindow.SIXTY_SECONDS), 1e-12);
  }
}
