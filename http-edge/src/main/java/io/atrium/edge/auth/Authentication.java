package io.atrium.edge.auth;

import io.atrium.edge.errors.ApiError;
import io.atrium.edge.errors.ErrorResponses;
import io.atrium.edge.health.ReadinessCheck;
import io.atrium.sharding.Tenant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's authentication in two steps. {@link #identify} runs outermost and attaches the
 * {@link AuthResult} of the request's bearer token, so that metering and the access log can name the
 * tenant; {@link #authorize} runs inside the error seal and answers what the path needs:
 * {@code /health/*} and {@code /metrics} are open (probes and scrapers carry no credentials; bind the
 * port to an internal network in production), {@code /ops/*} needs admin, everything else needs
 * client or admin.
 * Missing or invalid credentials are 401 with {@code WWW-Authenticate: Bearer}; a role that is not
 * enough is 403.
 */
public final class Authentication extends AllDirectives {

  /** Which role a path needs. */
  enum Access { OPEN, CLIENT, ADMIN }

  private static final AttributeKey<AuthResult> RESULT = AttributeKey.create("atrium-auth", AuthResult.class);
  private static final String REALM = "atrium";
  private static final Logger LOG = LoggerFactory.getLogger(Authentication.class);

  private final Authenticator authenticator;
  private final KeyCache keys;
  private final boolean enabled;
  private final Duration retryAfter;

  public Authentication(Authenticator authenticator, KeyCache keys, boolean enabled, Duration retryAfter) {
    this.authenticator = authenticator;
    this.keys = keys;
    this.enabled = enabled;
    this.retryAfter = retryAfter;
  }

  /** Authentication as configured, over the given key cache (which the caller keeps refreshed). */
  public static Authentication create(AuthSettings settings, KeyCache keys, Duration retryAfter) {
    return new Authentication(new Authenticator(settings.enabled(), keys, JwtVerifier.create(settings.jwt())), keys,
        settings.enabled(), retryAfter);
  }

  public KeyCache keys() {
    return keys;
  }

  /** Attaches the request's {@link AuthResult}; never rejects, never throws. */
  public Route identify(Supplier<Route> inner) {
    return extractRequest(request -> {
      AuthResult result = authenticate(request);
      return mapRequest(r -> r.addAttribute(RESULT, result), inner);
    });
  }

  private AuthResult authenticate(HttpRequest request) {
    try {
      return authenticator.authenticate(request.getHeader("Authorization").map(HttpHeader::value));
    } catch (RuntimeException e) {
      // identify() runs outside the error seal: a bug here must still end in a JSON answer.
      LOG.error("Checking credentials failed", e);
      return new AuthResult.Unavailable("The credentials could not be checked");
    }
  }

  /** Lets the request through if its credentials allow the path; must run inside {@link #identify}. */
  public Route authorize(Supplier<Route> inner) {
    return extractRequest(request -> {
      Access access = access(request.getUri().path());
      if (access == Access.OPEN) {
        return inner.get();
      }
      AuthResult result = request.getAttribute(RESULT)
          .orElseThrow(() -> new IllegalStateException("authorize() runs outside identify()"));
      if (result instanceof AuthResult.Authenticated authenticated) {
        Role needed = access == Access.ADMIN ? Role.ADMIN : Role.CLIENT;
        return authenticated.principal().role().includes(needed)
            ? inner.get()
            : complete(ErrorResponses.error(StatusCodes.FORBIDDEN, "forbidden",
                "This needs the " + needed.label() + " role"));
      }
      if (result instanceof AuthResult.Invalid invalid) {
        return complete(unauthorized(invalid.reason(), Map.of("error", "invalid_token")));
      }
      if (result instanceof AuthResult.Unavailable unavailable) {
        return complete(ErrorResponses.unavailable("auth_unavailable", unavailable.reason(), retryAfter));
      }
      return complete(unauthorized("Send Authorization: Bearer <API key or JWT>", Map.of()));
    });
  }

  /** Readiness: a node that cannot check API keys yet should not get traffic. Nothing when auth is off. */
  public List<ReadinessCheck> readinessChecks() {
    if (!enabled) {
      return List.of();
    }
    return List.of(new ReadinessCheck("api-keys", () -> keys.loaded()
        ? CompletableFuture.completedFuture(keys.size() + " active key(s)")
        : CompletableFuture.failedFuture(new IllegalStateException("API keys not loaded yet"))));
  }

  /** The authenticated caller of a request that passed {@link #authorize}. */
  public static Optional<Principal> principal(HttpRequest request) {
    return request.getAttribute(RESULT)
        .filter(AuthResult.Authenticated.class::isInstance)
        .map(result -> ((AuthResult.Authenticated) result).principal());
  }

  /**
   * The caller's tenant, for service routes. Every service route runs behind {@link #authorize}, so
   * its absence is a wiring bug, not a client error.
   */
  public static Tenant tenant(HttpRequest request) {
    return principal(request).map(Principal::tenant)
        .orElseThrow(() -> new IllegalStateException("service route reached without an authenticated caller"));
  }

  static Access access(String path) {
    if (isUnder(path, "/health") || isUnder(path, "/metrics")) {
      return Access.OPEN;
    }
    return isUnder(path, "/ops") ? Access.ADMIN : Access.CLIENT;
  }

  private static boolean isUnder(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }

  private static org.apache.pekko.http.javadsl.model.HttpResponse unauthorized(String message, Map<String, String> params) {
    return ErrorResponses.error(StatusCodes.UNAUTHORIZED, ApiError.of("unauthorized", message),
        List.of(WWWAuthenticate.create(HttpChallenge.create("Bearer", REALM, params))));
  }
}
