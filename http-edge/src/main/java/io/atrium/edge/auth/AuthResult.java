package io.atrium.edge.auth;

/** What the credentials of one request amount to. */
public sealed interface AuthResult {

  /** Valid credentials. */
  record Authenticated(Principal principal) implements AuthResult {}

  /** No bearer token at all: 401 without an error code (RFC 6750 §3.1). */
  record Missing() implements AuthResult {}

  /**
   * A token that is malformed, unknown, revoked, expired or badly signed: 401 {@code invalid_token}.
   *
   * @param reason safe to show the client; never contains the token
   */
  record Invalid(String reason) implements AuthResult {}

  /** The token cannot be checked right now (the key list is not loaded or too old): 503. */
  record Unavailable(String reason) implements AuthResult {}

  AuthResult MISSING = new Missing();
}
