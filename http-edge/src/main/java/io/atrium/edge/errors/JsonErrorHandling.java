package io.atrium.edge.errors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * exceptions become a 500 without a stack trace; a request timeout becomes a 503 with
 * {@code Retry-After}.
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
    return ErrorResponses.unavailable("request_timeout",
        "The request did not complete in time; it may be retried", retryAfter);
  }

  private Route internalError(Throwable error) {
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

  /** A stable, machine-readable code from the status reason: "Method Not Allowed" → method_not_allowed. */
  static String codeFor(StatusCode status) {
    return status.reason().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
  }

  private static List<HttpHeader> headersOf(HttpResponse response) {
    List<HttpHeader> headers = new ArrayList<>();
    response.getHeaders().forEach(headers::add);
    return headers;
  }
}
