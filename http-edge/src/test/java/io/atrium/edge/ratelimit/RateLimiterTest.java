package io.atrium.edge.ratelimit;

import static io.atrium.edge.ratelimit.TestLoads.SELF;
import static io.atrium.edge.ratelimit.TestLoads.fresh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.edge.ratelimit.RateLimitSettings.ShareWindow;
import io.atrium.edge.ratelimit.RateLimitSettings.TenantLimit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets on a clock the test moves: exact arithmetic, no sleeping. */
class RateLimiterTest {

  private static final long MILLI = 1_000_000;
  private static final long SECOND = 1_000 * MILLI;
  private static final String B = "pekko://atrium@127.0.0.1:2";
  private static final String C = "pekko://atrium@127.0.0.1:3";

  private final AtomicLong clock = new AtomicLong(42 * SECOND);
  private final TestLoads loads = new TestLoads();

  private RateLimiter limiter(double rate, double burst, Map<String, TenantLimit> tenants) {
    RateLimitSettings settings = new RateLimitSettings(true, new TenantLimit(rate, burst), tenants, 0.1,
        ShareWindow.TEN_SECONDS);
    return new RateLimiter(settings, loads, clock::get);
  }

  private boolean allowed(RateLimiter limiter, String tenant) {
    return limiter.tryAcquire(tenant).orElseThrow().allowed();
  }

  /** Offers one request every millisecond for {@code seconds}; returns how many were allowed. */
  private int offerEveryMillisecond(RateLimiter limiter, String tenant, int seconds) {
    int allowed = 0;
    for (int i = 0; i < seconds * 1000; i++) {
      clock.addAndGet(MILLI);
      if (allowed(limiter, tenant)) {
        allowed++;
      }
    }
    return allowed;
  }

  @Test
  void burstThenRefillAtTheConfiguredRate() {
    RateLimiter limiter = limiter(50, 100, Map.of());

    int burst = 0;
    while (allowed(limiter, "acme")) {
      burst++;
    }
    assertEquals(100, burst, "a full bucket lets the whole burst through at one instant");

    int refilled = offerEveryMillisecond(limiter, "acme", 10);
    double measuredRate = refilled / 10.0;
    assertEquals(50, measuredRate, 50 * 0.10, "measured " + measuredRate + "/s against 50/s");
    assertEquals(500, refilled, 1, "the fake clock makes it exact");
  }

  @Test
  void decisionsCarryTheHeaderFigures() {
    RateLimiter limiter = limiter(2, 4, Map.of());
    RateLimitDecision first = limiter.tryAcquire("acme").orElseThrow();
    assertEquals(new RateLimitDecision(true, 4, 3, 1, 0), first); // 1 token at 2/s: 0.5 s, rounded up

    limiter.tryAcquire("acme");
    limiter.tryAcquire("acme");
    RateLimitDecision last = limiter.tryAcquire("acme").orElseThrow();
    assertEquals(new RateLimitDecision(true, 4, 0, 2, 0), last);

    RateLimitDecision refused = limiter.tryAcquire("acme").orElseThrow();
    assertFalse(refused.allowed());
    assertEquals(1, refused.retryAfterSeconds());
    assertEquals(0, refused.remaining());

    clock.addAndGet(SECOND / 2);
    assertTrue(allowed(limiter, "acme"), "half a second at 2/s earns one request");
  }

  @Test
  void tenantsHaveTheirOwnBucketsAndOverrides() {
    RateLimiter limiter = limiter(10, 1, Map.of("big", new TenantLimit(100, 3)));
    assertTrue(allowed(limiter, "small"));
    assertFalse(allowed(limiter, "small"));
    assertTrue(allowed(limiter, "big"));
    assertTrue(allowed(limiter, "big"));
    assertTrue(allowed(limiter, "big"));
    assertFalse(allowed(limiter, "big"));
    assertTrue(allowed(limiter, "other"), "another tenant is not affected");
  }

  @Test
  void theBucketFollowsThisNodesShare() {
    RateLimiter limiter = limiter(90, 90, Map.of());
    loads.set(fresh(SELF, "acme", 10), fresh(B, "acme", 10), fresh(C, "acme", 10));

    int burst = 0;
    while (allowed(limiter, "acme")) {
      burst++;
    }
    assertEquals(30, burst, "a third of the burst: the bucket shrank to the node's share");
    assertEquals(300, offerEveryMillisecond(limiter, "acme", 10), 1, "a third of the rate");
    RateLimiter.TenantRate rate = limiter.rates().get("acme");
    assertEquals(1.0 / 3, rate.share(), 1e-12);
    assertEquals(30, rate.rate(), 1e-9);

    loads.set(fresh(SELF, "acme", 20), fresh(B, "acme", 0), fresh(C, "acme", 0)); // the traffic moved here
    assertEquals(900, offerEveryMillisecond(limiter, "acme", 10), 1, "the whole rate once only this node has traffic");
    assertEquals(90, limiter.rates().get("acme").burst(), 1e-9);
  }

  @Test
  void aTinyShareStillAdmitsOneRequestAtATime() {
    RateLimiter limiter = limiter(10, 2, Map.of());
    loads.set(fresh(SELF, "acme", 0), fresh(B, "acme", 100));
    assertTrue(allowed(limiter, "acme"), "share 0.1 of a burst of 2 is 0.2, rounded up to one whole request");
    assertEquals(1.0, limiter.rates().get("acme").burst());
  }

  @Test
  void offLimitsNobody() {
    assertTrue(RateLimiter.off().tryAcquire("acme").isEmpty());
  }
}
