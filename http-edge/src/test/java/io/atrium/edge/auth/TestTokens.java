package io.atrium.edge.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Mints JWTs for tests. */
public final class TestTokens {

  private TestTokens() {}

  /** Claims that pass {@link TestAuth}'s settings at {@code now}, valid for an hour. */
  public static JWTClaimsSet.Builder claims(String tenant, String role, Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(TestAuth.ISSUER)
        .audience(TestAuth.AUDIENCE)
        .subject("user-1")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
        .claim("tenant", tenant)
        .claim("role", role);
  }

  /** An HS256 token with {@link TestAuth#HS256_SECRET}, valid now. */
  public static String hs256(String tenant, String role) {
    return hs256(claims(tenant, role, Instant.now()).build());
  }

  public static String hs256(JWTClaimsSet claims) {
    return sign(claims, JWSAlgorithm.HS256, null, macSigner(TestAuth.HS256_SECRET.getBytes(StandardCharsets.UTF_8)));
  }

  public static JWSSigner macSigner(byte[] secret) {
    try {
      return new MACSigner(secret);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sign(JWTClaimsSet claims, JWSAlgorithm algorithm, String keyId, JWSSigner signer) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
