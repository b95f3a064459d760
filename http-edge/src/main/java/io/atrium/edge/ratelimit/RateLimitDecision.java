package io.atrium.edge.ratelimit;

/**
 * The answer for one request, with what the RateLimit-* headers report: this node's bucket for the
 * tenant (its share of the tenant's cluster-wide limit).
 *
 * @param allowed whether the request may go on
 * @param limit the bucket's size in requests ({@code RateLimit-Limit})
 * @param remaining requests the bucket still holds ({@code RateLimit-Remaining})
 * @param resetSeconds seconds until the bucket is full again ({@code RateLimit-Reset})
 * @param retryAfterSeconds when refused: seconds until one request fits again (at least 1)
 */
public record RateLimitDecision(boolean allowed, long limit, long remaining, long resetSeconds,
                                long retryAfterSeconds) {}
