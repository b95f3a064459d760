package io.atrium.edge.ratelimit;

import io.atrium.edge.errors.ApiError;
import io.atrium.edge.errors.ErrorResponses;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;

/**
 * The RateLimit-* headers (IETF httpapi draft, header-per-field form) on every 2xx of a limited
 * tenant, and the 429 for a request over the limit.
 */
public final class RateLimitResponses {

  public static final String LIMIT = "RateLimit-Limit";
  public static final String REMAINING = "RateLimit-Remaining";
  public static final String RESET = "RateLimit-Reset";
  public static final String CODE = "rate_limited";

  private RateLimitResponses() {}

  public static List<HttpHeader> headers(RateLimitDecision decision) {
    return List.of(
        RawHeader.create(LIMIT, Long.toString(decision.limit())),
        RawHeader.create(REMAINING, Long.toString(decision.remaining())),
        RawHeader.create(RESET, Long.toString(decision.resetSeconds())));
  }

  /** 429 with {@code Retry-After} and the RateLimit-* headers. */
  public static HttpResponse tooManyRequests(RateLimitDecision decision) {
    List<HttpHeader> headers = new ArrayList<>(headers(decision));
    headers.add(RetryAfter.create(decision.retryAfterSeconds()));
    return ErrorResponses.error(StatusCodes.TOO_MANY_REQUESTS, ApiError.of(CODE,
        "The tenant's request rate is over its limit; retry after the time in Retry-After"), headers);
  }

  /** A 2xx response with the headers added; any other status goes out as it is. */
  public static HttpResponse withHeaders(HttpResponse response, RateLimitDecision decision) {
    return response.status().intValue() / 100 == 2 ? response.addHeaders(headers(decision)) : response;
  }
}
