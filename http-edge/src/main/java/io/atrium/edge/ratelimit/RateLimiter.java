package io.atrium.edge.ratelimit;

import io.atrium.edge.ratelimit.RateLimitSettings.TenantLimit;
import io.atrium.sharding.load.ClusterLoadView;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Per-tenant rate limits that hold for the whole cluster: each node runs one token bucket per tenant
 * at its share of the tenant's rate and burst (see {@link TenantShare}). A share is recomputed when
 * the load reports change (about once per report interval), not per request; in between a request
 * costs one map lookup, one version read and the bucket's few locked operations.
 */
public final class RateLimiter {

  private final RateLimitSettings settings;
  private final ClusterLoadView load;
  private final LongSupplier nanoClock;
  private final ConcurrentMap<String, TenantBucket> buckets = new ConcurrentHashMap<>();

  /** @param nanoClock a monotonic nanosecond clock (tests pass one they move by hand) */
  public RateLimiter(RateLimitSettings settings, ClusterLoadView load, LongSupplier nanoClock) {
    this.settings = settings;
    this.load = load;
    this.nanoClock = nanoClock;
  }

  public static RateLimiter create(RateLimitSettings settings, ClusterLoadView load) {
    return new RateLimiter(settings, load, System::nanoTime);
  }

  /** Limits nobody. */
  public static RateLimiter off() {
    return new RateLimiter(RateLimitSettings.off(), null, System::nanoTime);
  }

  /** Takes one request from the tenant's bucket; empty when rate limiting is off. */
  public Optional<RateLimitDecision> tryAcquire(String tenant) {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    long now = nanoClock.getAsLong();
    TenantBucket bucket = buckets.computeIfAbsent(tenant, t -> new TenantBucket(settings.limitOf(t), now));
    bucket.followShare(tenant, now);
    return Optional.of(bucket.tokens.tryTake(now));
  }

  /** Per tenant: this node's share and its bucket, for {@code /ops/load}. */
  public Map<String, TenantRate> rates() {
    Map<String, TenantRate> rates = new TreeMap<>();
    buckets.forEach((tenant, bucket) -> rates.put(tenant, bucket.rate()));
    return rates;
  }

  /**
   * What this node enforces for one tenant.
   *
   * @param clusterRate the tenant's configured rate for the whole cluster
   * @param share this node's fraction of it
   * @param rate the node's bucket refill rate (clusterRate × share)
   * @param burst the node's bucket size
   */
  public record TenantRate(double clusterRate, double share, double rate, double burst) {}

  private final class TenantBucket {
    private final TenantLimit limit;
    private final TokenBucket tokens;
    private volatile long seenVersion = -1;
    private double share = 1.0;

    TenantBucket(TenantLimit limit, long now) {
      this.limit = limit;
      this.tokens = new TokenBucket(limit.rate(), limit.burst(), now);
    }

    /** Resizes the bucket to this node's current share; only when the load reports changed. */
    void followShare(String tenant, long now) {
      long version = load.version();
      if (version == seenVersion) { // a racy read: at worst two threads both recompute
        return;
      }
      synchronized (this) {
        if (version == seenVersion) {
          return;
        }
        share = TenantShare.of(load.clusterLoad(), tenant, settings.minShare(), settings.shareWindow());
        // At least one whole token, or a small share of a small burst would refuse everything.
        tokens.resize(limit.rate() * share, Math.max(1, limit.burst() * share), now);
        seenVersion = version;
      }
    }

    synchronized TenantRate rate() {
      return new TenantRate(limit.rate(), share, tokens.rate(), tokens.capacity());
    }
  }
}
