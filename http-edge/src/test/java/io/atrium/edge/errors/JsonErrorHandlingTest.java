package io.atrium.edge.errors;

import static io.atrium.edge.TestHttp.contentType;
import static io.atrium.edge.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.atrium.edge.TestHttp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Rejections;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@link JsonErrorHandling#seal}: whatever goes wrong inside a route, the client gets the JSON error
 * model with the right status. Test-only routes are sealed exactly as the edge seals its own and
 * bound for real (request timeouts only exist on a real server).
 */
class JsonErrorHandlingTest {

  private static final String SECRET = "secret-internal-detail";
  private static final Duration RETRY_AFTER = Duration.ofSeconds(3);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static ActorTestKit testKit;
  private static TestHttp http;
  private static TestHttp shortTimeoutHttp;
  private static Logger handlerLogger;
  private static ListAppender<ILoggingEvent> logged;

  /** Routes that fail in every way a real route can. */
  static final class FailingRoutes extends AllDirectives {
    Route route() {
      return concat(
          path("ok", () -> get(() -> complete("fine"))),
          path("boom", () -> {
            throw new IllegalStateException(SECRET);
          }),
          path("failed-future", () -> onSuccess(
              CompletableFuture.<String>failedFuture(new IllegalStateException(SECRET)), this::complete)),
          path("slow", () -> withRequestTimeout(Duration.ofMillis(300), () ->
              onSuccess(new CompletableFuture<String>(), this::complete))),
          path("hang", () -> onSuccess(new CompletableFuture<String>(), this::complete)),
          path("items", () -> post(() -> entity(Jackson.unmarshaller(JsonNode.class), body -> complete("ok")))),
          path("limited", () -> post(() -> withSizeLimit(16, () ->
              entity(Unmarshaller.entityToString(), this::complete)))),
          path("validated", () -> reject(Rejections.validationRejection("n must be positive"))));
    }
  }

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("JsonErrorHandlingTest", ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        """).withFallback(ConfigFactory.load()));
    Route sealed = new JsonErrorHandling(RETRY_AFTER).seal(new FailingRoutes().route());
    http = TestHttp.bind(testKit.system(), sealed);
    shortTimeoutHttp = TestHttp.bind(testKit.system(), sealed, ServerSettings.create(
        ConfigFactory.parseString("pekko.http.server.request-timeout = 300ms")
            .withFallback(testKit.system().settings().config())));

    // The stack trace belongs in the log (checked below), not on the console of a test run.
    handlerLogger = (Logger) LoggerFactory.getLogger(JsonErrorHandling.class);
    logged = new ListAppender<>();
    logged.start();
    handlerLogger.addAppender(logged);
    handlerLogger.setAdditive(false);
  }

  @AfterAll
  static void stop() {
    if (handlerLogger != null) {
      handlerLogger.detachAppender(logged);
      handlerLogger.setAdditive(true);
    }
    if (shortTimeoutHttp != null) {
      shortTimeoutHttp.close();
    }
    if (http != null) {
      http.close();
    }
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
  }

  @BeforeEach
  void clearLog() {
    synchronized (logged) {
      logged.list.clear();
    }
  }

  private static JsonNode assertJsonError(HttpResponse<String> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/json", contentType(response));
    JsonNode error = json(response).path("error");
    assertEquals(code, error.path("code").asText(), response.body());
    assertFalse(error.path("message").asText().isBlank(), response.body());
    return error;
  }

  private static void assertNoInternals(HttpResponse<String> response) {
    String body = response.body();
    assertFalse(body.contains(SECRET), body);
    assertFalse(body.contains("Exception"), body);
    assertFalse(body.contains("\tat ") || body.contains("at io.atrium") || body.contains("at org.apache"), body);
  }

  private static ILoggingEvent awaitLoggedError() {
    TestHttp.awaitUntil("error logged", Duration.ofSeconds(5), () -> {
      synchronized (logged) {
        return !logged.list.isEmpty();
      }
    });
    synchronized (logged) {
      return logged.list.get(0);
    }
  }

  @Test
  void successfulRoutesAreUntouched() {
    HttpResponse<String> response = http.get("/ok");

    assertEquals(200, response.statusCode());
    assertEquals("fine", response.body());
  }

  @Test
  void exceptionThrownInARouteIsA500WithoutInternals() {
    HttpResponse<String> response = http.get("/boom");

    JsonNode error = assertJsonError(response, 500, "internal_error");
    assertEquals("The server failed to handle the request", error.path("message").asText());
    assertNoInternals(response);
  }

  @Test
  void exceptionIsLoggedWithItsStackTrace() {
    http.get("/boom");

    ILoggingEvent event = awaitLoggedError();
    assertEquals(Level.ERROR, event.getLevel());
    assertTrue(event.getFormattedMessage().contains("GET /boom"), event.getFormattedMessage());
    assertEquals(SECRET, event.getThrowableProxy().getMessage());
  }

  @Test
  void failedFutureIsA500WithoutInternals() {
    HttpResponse<String> response = http.get("/failed-future");

    assertJsonError(response, 500, "internal_error");
    assertNoInternals(response);
  }

  @Test
  void requestTimeoutInARouteIsA503WithRetryAfter() {
    HttpResponse<String> response = http.get("/slow");

    assertJsonError(response, 503, "request_timeout");
    assertEquals("3", response.headers().firstValue("Retry-After").orElse(null));
  }

  @Test
  void serverRequestTimeoutIsA503WithRetryAfter() {
    HttpResponse<String> response = shortTimeoutHttp.get("/hang");

    assertJsonError(response, 503, "request_timeout");
    assertEquals("3", response.headers().firstValue("Retry-After").orElse(null));
  }

  @Test
  void unknownPathIsA404() {
    JsonNode error = assertJsonError(http.get("/nowhere"), 404, "not_found");

    assertEquals("No such resource", error.path("message").asText());
  }

  @Test
  void wrongMethodIsA405ThatListsTheAllowedOnes() {
    HttpResponse<String> response = http.post("/ok", "text/plain", "x");

    assertJsonError(response, 405, "method_not_allowed");
    assertEquals("GET", response.headers().firstValue("Allow").orElse(null));
  }

  @Test
  void wrongContentTypeIsA415() {
    assertJsonError(http.post("/items", "text/plain", "{}"), 415, "unsupported_media_type");
  }

  @Test
  void malformedJsonIsA400() {
    HttpResponse<String> response = http.post("/items", "application/json", "{not json");

    assertJsonError(response, 400, "bad_request");
    assertFalse(response.body().contains("Exception"), response.body());
  }

  @Test
  void oversizedBodyIsA413() {
    assertJsonError(http.post("/limited", "text/plain", "x".repeat(64)), 413, "payload_too_large");
  }

  @Test
  void validationRejectionKeepsItsMessage() {
    JsonNode error = assertJsonError(http.get("/validated"), 400, "bad_request");

    assertEquals("n must be positive", error.path("message").asText());
  }

  // --- the pieces, directly ---

  @Test
  void codeForTurnsReasonsIntoSnakeCase() {
    assertEquals("not_found", JsonErrorHandling.codeFor(StatusCodes.NOT_FOUND));
    assertEquals("method_not_allowed", JsonErrorHandling.codeFor(StatusCodes.METHOD_NOT_ALLOWED));
    assertEquals("unsupported_media_type", JsonErrorHandling.codeFor(StatusCodes.UNSUPPORTED_MEDIA_TYPE));
    assertEquals("too_many_requests", JsonErrorHandling.codeFor(StatusCodes.TOO_MANY_REQUESTS));
    assertEquals("service_unavailable", JsonErrorHandling.codeFor(StatusCodes.SERVICE_UNAVAILABLE));
    assertEquals("bad_request", JsonErrorHandling.codeFor(StatusCodes.BAD_REQUEST));
    assertEquals("precondition_failed", JsonErrorHandling.codeFor(StatusCodes.PRECONDITION_FAILED));
    assertEquals("i_m_a_teapot", JsonErrorHandling.codeFor(StatusCodes.IM_A_TEAPOT));
    assertEquals("gateway_timeout", JsonErrorHandling.codeFor(StatusCodes.GATEWAY_TIMEOUT));
  }

  @Test
  void codeForTrimsPunctuationAtBothEnds() {
    assertEquals("client_closed_request",
        JsonErrorHandling.codeFor(StatusCodes.custom(499, " -Client  Closed/Request!- ", "")));
  }

  @Test
  void asJsonErrorWrapsPlainTextAndKeepsHeaders() throws IOException {
    org.apache.pekko.http.javadsl.model.HttpResponse plain = org.apache.pekko.http.javadsl.model.HttpResponse.create()
        .withStatus(StatusCodes.METHOD_NOT_ALLOWED)
        .addHeader(Allow.create(HttpMethods.GET, HttpMethods.PUT))
        .withEntity("HTTP method not allowed, supported methods: GET, PUT");

    org.apache.pekko.http.javadsl.model.HttpResponse wrapped = JsonErrorHandling.asJsonError(plain);

    assertEquals(StatusCodes.METHOD_NOT_ALLOWED, wrapped.status());
    assertEquals(MediaTypes.APPLICATION_JSON, wrapped.entity().getContentType().mediaType());
    assertTrue(wrapped.getHeader(Allow.class).isPresent());
    assertEquals("GET, PUT", wrapped.getHeader(Allow.class).get().value());
    JsonNode error = MAPPER.readTree(strictBody(wrapped)).path("error");
    assertEquals("method_not_allowed", error.path("code").asText());
    assertEquals("HTTP method not allowed, supported methods: GET, PUT", error.path("message").asText());
    assertTrue(error.path("details").isMissingNode(), "no null details in the body");
  }

  @Test
  void asJsonErrorLeavesJsonResponsesAlone() {
    org.apache.pekko.http.javadsl.model.HttpResponse json =
        ErrorResponses.error(StatusCodes.CONFLICT, "version_conflict", "expected version 3");

    assertSame(json, JsonErrorHandling.asJsonError(json));
  }

  private static String strictBody(org.apache.pekko.http.javadsl.model.HttpResponse response) {
    try {
      HttpEntity.Strict strict = response.entity()
          .toStrict(1_000, Materializer.matFromSystem(testKit.system()))
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
      return strict.getData().utf8String();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void listsOfChecksSerializeAsPlainJson() throws IOException {
    byte[] body = ErrorResponses.toJson(ApiError.of("not_ready", "Not ready", java.util.Map.of("failed", List.of("kafka"))));

    JsonNode error = MAPPER.readTree(body).path("error");
    assertEquals("kafka", error.path("details").path("failed").path(0).asText());
  }
}
