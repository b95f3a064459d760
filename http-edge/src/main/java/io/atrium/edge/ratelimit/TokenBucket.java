package io.atrium.edge.ratelimit;

/**
 * A token bucket: holds up to {@code capacity} tokens, refills at {@code rate} tokens per second, and
 * a request takes one. Time comes from the caller (nanoseconds of a monotonic clock), so tests drive
 * it by hand. Each method holds the bucket's lock for a few arithmetic operations only; buckets are
 * per tenant, so only requests of the same tenant ever contend.
 */
final class TokenBucket {

  private static final double NANOS_PER_SECOND = 1e9;

  private double rate;
  private double capacity;
  private double tokens;
  private long lastNanos;

  /** A full bucket. */
  TokenBucket(double rate, double capacity, long nowNanos) {
    this.rate = rate;
    this.capacity = capacity;
    this.tokens = capacity;
    this.lastNanos = nowNanos;
  }

  /** Takes one token if there is one; the decision carries the bucket's state after the attempt. */
  synchronized RateLimitDecision tryTake(long nowNanos) {
    refill(nowNanos);
    boolean allowed = tokens >= 1;
    if (allowed) {
      tokens -= 1;
    }
    return new RateLimitDecision(allowed, (long) Math.floor(capacity), (long) Math.floor(tokens),
        secondsUntil(capacity), allowed ? 0 : Math.max(1, secondsUntil(1)));
  }

  /**
   * Changes rate and size (a node's share of the tenant's limit moved). Tokens earned so far are
   * kept up to the new size; a larger size fills up at the new rate, never at once.
   */
  synchronized void resize(double newRate, double newCapacity, long nowNanos) {
    refill(nowNanos);
    rate = newRate;
    capacity = newCapacity;
    tokens = Math.min(tokens, capacity);
  }

  synchronized double rate() {
    return rate;
  }

  synchronized double capacity() {
    return capacity;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed / NANOS_PER_SECOND * rate);
      lastNanos = nowNanos;
    }
  }

  /** Whole seconds, rounded up, until the bucket holds {@code level} tokens; 0 if it does. */
  private long secondsUntil(double level) {
    return tokens >= level ? 0 : (long) Math.ceil((level - tokens) / rate);
  }
}
