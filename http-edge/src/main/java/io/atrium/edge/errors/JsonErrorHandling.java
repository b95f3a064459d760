package io.atrium.edge.errors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals a route so that nothing but the JSON error model reaches a client: rejections keep Pekko's
 * well-tested status choice (404, 405 with {@code Allow}, 413, 415, 400 …) and get a JSON body;
 * exceptions become a 500 without a stack trace; an ask timeout and a request timeout become a 503
 * with {@code Retry-After}.
 */
public final class JsonErrorHandling extends AllDirectives {

  private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandling.class);

  private final RejectionHandler rejections = RejectionHandler.defaultHandler()
      .mapRejectionResponse(JsonErrorHandling::asJsonError);

  private final ExceptionHandler exceptions = ExceptionHandler.newBuilder()
      .matchAny(this::internalError)
      .build();

  private final Duration retryAfter;

  public JsonErrorHandling(Duration retryAfter) {
    this.retryAfter = retryAfter;
  }

  public Route seal(Route route) {
    return withRequestTimeoutResponse(this::timedOut, () -> route.seal(rejections, exceptions));
  }

  private HttpResponse timedOut(HttpRequest request) {
    return requestTimedOut(retryAfter);
  }

  /** The answer to a request that hit {@code pekko.http.server.request-timeout}. */
  public static HttpResponse requestTimedOut(Duration retryAfter) {
    return ErrorResponses.unavailable("request_timeout",
        "The request did not complete in time; it may be retried", retryAfter);
  }

  private Route internalError(Throwable thrown) {
    Throwable error = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
    if (error instanceof TimeoutException) {
      // An ask to an entity that did not answer in time: it may be moving (rebalance, failover) or
      // overloaded; either way the client may retry, so 503 and not 500.
      return complete(ErrorResponses.unavailable("service_unavailable",
          "The service did not answer in time; retry shortly", retryAfter));
    }
    return extractRequest(request -> {
      LOG.error("Unhandled error on {} {}", request.method().value(), request.getUri().path(), error);
      return complete(ErrorResponses.error(StatusCodes.INTERNAL_SERVER_ERROR, "internal_error",
          "The server failed to handle the request"));
    });
  }

  /** Re-wraps Pekko's plain-text rejection message into the JSON error model. */
  static HttpResponse asJsonError(HttpResponse response) {
    if (response.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
      return response;
    }
    String message = response.entity() instanceof HttpEntity.Strict strict
        ? strict.getData().decodeString(StandardCharsets.UTF_8)
        : response.status().reason();
    StatusCode status = response.status();
    if (status.equals(StatusCodes.NOT_FOUND)) {
      message = "No such resource";
    }
    return ErrorResponses.error(status, ApiError.of(codeFor(status), message), headersOf(response));
  }

  /**
   * Codes clients may depend on, fixed here rather than derived from reason phrases, which change
   * between HTTP library versions (413 was "Payload Too Large", is now "Content Too Large").
   */
  private static final Map<Integer, String> CODES = Map.ofEntries(
      Map.entry(400, "bad_request"),
      Map.entry(401, "unauthorized"),
      Map.entry(403, "forbidden"),
      Map.entry(404, "not_found"),
      Map.entry(405, "method_not_allowed"),
      Map.entry(406, "not_acceptable"),
      Map.entry(408, "request_timeout"),
      Map.entry(411, "length_required"),
      Map.entry(413, "payload_too_large"),
      Map.entry(414, "uri_too_long"),
      Map.entry(415, "unsupported_media_type"),
      Map.entry(416, "range_not_satisfiable"),
      Map.entry(422, "unprocessable_entity"),
      Map.entry(429, "too_many_requests"),
      Map.entry(431, "request_header_fields_too_large"),
      Map.entry(500, "internal_error"),
      Map.entry(503, "service_unavailable"));

  /** The error code for a status: from the fixed table, else "Some Reason" → some_reason. */
  static String codeFor(StatusCode status) {
    String code = CODES.get(status.intValue());
    return code != null
        ? code
        : status.reason().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
  }

  private static List<HttpHeader> headersOf(HttpResponse response) {
    List<HttpHeader> headers = new ArrayList<>();
    response.getHeaders().forEach(headers::add);
    return headers;
  }
}
