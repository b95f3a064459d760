package io.atrium.node.harness;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * How the harness authenticates: every node it starts accepts HS256 JWTs with a test secret (given
 * through the environment, not the command line), and requests carry an admin token of tenant
 * "default" unless a test passes its own credentials.
 */
public final class HarnessAuth {

  private static final String SECRET = "atrium-multi-jvm-test-secret-0123456789";
  private static final String ISSUER = "atrium-test-harness";
  /** Longer than any test run, so a token minted at class load never expires mid-test. */
  private static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

  /** Admin of tenant "default": the tenant the ITs' records lived in before authentication. */
  public static final String ADMIN_TOKEN = token("default", "admin");

  private HarnessAuth() {}

  /** The nodes' JWT settings ({@code atrium.http.auth.jwt}), as environment variables. */
  static Map<String, String> nodeEnvironment() {
    return Map.of("ATRIUM_JWT_SECRET", SECRET, "ATRIUM_JWT_ISSUER", ISSUER);
  }

  /** An HS256 token the nodes accept; audience is the default {@code atrium}. */
  public static String token(String tenant, String role) {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience("atrium")
        .subject("harness")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
        .claim("tenant", tenant)
        .claim("role", role)
        .build();
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the harness token", e);
    }
  }
}
