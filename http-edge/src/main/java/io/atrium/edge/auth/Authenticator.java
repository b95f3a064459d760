package io.atrium.edge.auth;

import io.atrium.sharding.Tenant;
import java.util.Optional;

/** Turns the {@code Authorization} header of a request into an {@link AuthResult}; never throws. */
public final class Authenticator {

  /** Who every request is when authentication is off. */
  static final Principal UNCHECKED = new Principal(Tenant.DEFAULT, Role.ADMIN, "auth-disabled");

  private static final String BEARER = "bearer ";

  private final boolean enabled;
  private final KeyCache keys;
  private final Optional<JwtVerifier> jwt;

  public Authenticator(boolean enabled, KeyCache keys, Optional<JwtVerifier> jwt) {
    this.enabled = enabled;
    this.keys = keys;
    this.jwt = jwt;
  }

  /** @param authorization the raw header value, if any */
  public AuthResult authenticate(Optional<String> authorization) {
    if (!enabled) {
      return new AuthResult.Authenticated(UNCHECKED);
    }
    if (authorization.isEmpty()) {
      return AuthResult.MISSING;
    }
    String header = authorization.get();
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      // Another scheme (Basic, …) carries no bearer token: answered like a missing one (RFC 6750 §3.1).
      return AuthResult.MISSING;
    }
    String token = header.substring(BEARER.length()).strip();
    if (token.isEmpty()) {
      return new AuthResult.Invalid("Empty bearer token");
    }
    if (ApiKeys.looksLikeKey(token)) {
      return keys.verify(token);
    }
    return jwt.map(verifier -> verifier.verify(token))
        .orElseGet(() -> new AuthResult.Invalid("Not an API key" + (token.chars().filter(c -> c == '.').count() == 2
            ? " (JWTs are not accepted: no JWT keys are configured)" : "")));
  }
}
