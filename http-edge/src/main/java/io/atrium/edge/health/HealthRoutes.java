package io.atrium.edge.health;

import io.atrium.edge.Json;
import io.atrium.edge.errors.ApiError;
import io.atrium.edge.errors.ErrorResponses;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /health/alive}: the process answers HTTP. {@code GET /health/ready}: every readiness
 * check passes; otherwise 503 naming the failed checks. Both stay open (no authentication, never shed)
 * so probes keep working under load.
 */
public final class HealthRoutes extends AllDirectives {

  /** Body of a passing probe. */
  public record Status(String status, List<CheckResult> checks) {}

  private final Readiness readiness;
  private final Duration retryAfter;

  public HealthRoutes(Readiness readiness, Duration retryAfter) {
    this.readiness = readiness;
    this.retryAfter = retryAfter;
  }

  public Route route() {
    return pathPrefix("health", () -> concat(
        path("alive", () -> get(() -> complete(StatusCodes.OK, new Status("alive", List.of()), Json.marshaller()))),
        path("ready", () -> get(this::ready))));
  }

  private Route ready() {
    return onSuccess(readiness.evaluate(), results -> {
      List<String> failed = results.stream().filter(r -> !r.ok()).map(CheckResult::name).toList();
      if (failed.isEmpty()) {
        return complete(StatusCodes.OK, new Status("ready", results), Json.marshaller());
      }
      String message = "Not ready: " + results.stream()
          .filter(r -> !r.ok())
          .map(r -> r.name() + " (" + r.detail() + ")")
          .collect(Collectors.joining(", "));
      return complete(ErrorResponses.error(StatusCodes.SERVICE_UNAVAILABLE,
          ApiError.of("not_ready", message, Map.of("failed", failed, "checks", results)),
          List.of(RetryAfter.create(Math.max(1, retryAfter.toSeconds())))));
    });
  }
}
