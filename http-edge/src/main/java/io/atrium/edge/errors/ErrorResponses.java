package io.atrium.edge.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;

/** Builds JSON error responses. Every error the edge produces goes through here. */
public final class ErrorResponses {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private ErrorResponses() {}

  public static HttpResponse error(StatusCode status, String code, String message) {
    return error(status, ApiError.of(code, message), List.of());
  }

  public static HttpResponse error(StatusCode status, ApiError body, List<HttpHeader> headers) {
    return HttpResponse.create()
        .withStatus(status)
        .addHeaders(headers)
        .withEntity(ContentTypes.APPLICATION_JSON, toJson(body));
  }

  /** 503 with {@code Retry-After}: the caller may try again, here or at another node. */
  public static HttpResponse unavailable(String code, String message, Duration retryAfter) {
    long seconds = Math.max(1, retryAfter.toSeconds());
    return error(StatusCodes.SERVICE_UNAVAILABLE, ApiError.of(code, message),
        List.of(RetryAfter.create(seconds)));
  }

  static byte[] toJson(ApiError body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      // ApiError holds strings and plain values only; failing here is a programming error.
      throw new IllegalStateException("cannot serialize error body", e);
    }
  }
}
