package io.atrium.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.atrium.config.SettingsException;
import io.atrium.sharding.Tenant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JWT matrix: HS256 from the secret, RS256 and ES256 from a JWKS file written here; every refusal. */
class JwtVerifierTest {

  private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");
  private static final Duration LEEWAY = Duration.ofSeconds(30);

  @TempDir
  static Path dir;
  private static RSAKey rsa;
  private static ECKey ec;
  private static Path jwks;

  private final AtomicLong clock = new AtomicLong(NOW.toEpochMilli());

  @BeforeAll
  static void keys() throws JOSEException, IOException {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    jwks = dir.resolve("jwks.json");
    // The file holds the private keys too: the verifier must use the public halves only.
    Files.writeString(jwks, new JWKSet(List.of(rsa, ec)).toString(false));
  }

  private JwtVerifier verifier(Map<String, Object> overrides) {
    return new JwtVerifier(TestAuth.enabled(overrides).jwt(), clock::get);
  }

  private JwtVerifier withJwks() {
    return verifier(Map.of("atrium.http.auth.jwt.jwks-file", jwks.toString(), "atrium.http.auth.jwt.leeway", "30s"));
  }

  private static JWTClaimsSet.Builder claims() {
    return TestTokens.claims("acme", "client", NOW);
  }

  private static Principal accepted(AuthResult result) {
    return assertInstanceOf(AuthResult.Authenticated.class, result, result.toString()).principal();
  }

  private static void refused(AuthResult result) {
    assertInstanceOf(AuthResult.Invalid.class, result, result.toString());
  }

  @Test
  void validHs256GivesTenantRoleAndSubject() {
    Principal principal = accepted(withJwks().verify(TestTokens.hs256(claims().build())));
    assertEquals(new Principal(new Tenant("acme"), Role.CLIENT, "user-1"), principal);
  }

  @Test
  void validRs256AndEs256FromTheJwksFile() throws JOSEException {
    JwtVerifier verifier = withJwks();
    accepted(verifier.verify(TestTokens.sign(claims().build(), JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa))));
    accepted(verifier.verify(TestTokens.sign(claims().build(), JWSAlgorithm.ES256, "ec-1", new ECDSASigner(ec))));
    // Without a kid the key is found by type.
    accepted(verifier.verify(TestTokens.sign(claims().build(), JWSAlgorithm.ES256, null, new ECDSASigner(ec))));
  }

  @Test
  void expiryIsCheckedWithTheLeeway() {
    JwtVerifier verifier = withJwks();
    refused(verifier.verify(TestTokens.hs256(claims().expirationTime(Date.from(NOW.minus(LEEWAY).minusSeconds(1))).build())));
    accepted(verifier.verify(TestTokens.hs256(claims().expirationTime(Date.from(NOW.minus(LEEWAY).plusSeconds(1))).build())));
    refused(verifier.verify(TestTokens.hs256(claims().expirationTime(null).build())));
  }

  @Test
  void notBeforeInTheFutureIsRefused() {
    JwtVerifier verifier = withJwks();
    refused(verifier.verify(TestTokens.hs256(claims().notBeforeTime(Date.from(NOW.plus(LEEWAY).plusSeconds(5))).build())));
    accepted(verifier.verify(TestTokens.hs256(claims().notBeforeTime(Date.from(NOW.plus(LEEWAY).minusSeconds(5))).build())));
  }

  @Test
  void wrongAudienceOrIssuerIsRefused() {
    JwtVerifier verifier = withJwks();
    refused(verifier.verify(TestTokens.hs256(claims().audience("someone-else").build())));
    refused(verifier.verify(TestTokens.hs256(claims().audience((String) null).build())));
    refused(verifier.verify(TestTokens.hs256(claims().issuer("https://evil.test").build())));
    accepted(verifier.verify(TestTokens.hs256(claims().audience(List.of("other", TestAuth.AUDIENCE)).build())));
  }

  @Test
  void badSignaturesAreRefused() throws JOSEException {
    JwtVerifier verifier = withJwks();
    String otherSecret = TestTokens.sign(claims().build(), JWSAlgorithm.HS256, null,
        TestTokens.macSigner("another-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8)));
    refused(verifier.verify(otherSecret));
    String otherRsa = TestTokens.sign(claims().build(), JWSAlgorithm.RS256, "rsa-1",
        new RSASSASigner(new RSAKeyGenerator(2048).keyID("rsa-1").generate()));
    refused(verifier.verify(otherRsa));
    String valid = TestTokens.hs256(claims().build());
    String tampered = valid.substring(0, valid.indexOf('.') + 1)
        + TestTokens.hs256(claims().claim("role", "admin").build()).split("\\.")[1]
        + valid.substring(valid.lastIndexOf('.'));
    refused(verifier.verify(tampered));
  }

  @Test
  void unsignedTokensAreRefused() {
    refused(withJwks().verify(new PlainJWT(claims().build()).serialize()));
  }

  @Test
  void anHs256TokenKeyedWithAPublicKeyIsRefused() throws JOSEException {
    // Algorithm confusion: the attacker MACs with the RSA public key, hoping it is used as an HMAC secret.
    byte[] publicKey = rsa.toPublicJWK().toRSAPublicKey().getEncoded();
    String forged = TestTokens.sign(claims().claim("role", "admin").build(), JWSAlgorithm.HS256, "rsa-1",
        TestTokens.macSigner(publicKey));
    refused(withJwks().verify(forged));
    refused(verifier(Map.of("atrium.http.auth.jwt.jwks-file", jwks.toString(), "atrium.http.auth.jwt.hs256-secret", ""))
        .verify(forged));
  }

  @Test
  void onlyConfiguredAlgorithmsAreAccepted() throws JOSEException {
    JwtVerifier hsOnly = verifier(Map.of());
    refused(hsOnly.verify(TestTokens.sign(claims().build(), JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa))));
    refused(withJwks().verify(TestTokens.sign(claims().build(), JWSAlgorithm.RS512, "rsa-1", new RSASSASigner(rsa))));
  }

  @Test
  void tenantAndRoleMustBeValid() {
    JwtVerifier verifier = withJwks();
    refused(verifier.verify(TestTokens.hs256(claims().claim("tenant", null).build())));
    refused(verifier.verify(TestTokens.hs256(claims().claim("tenant", "Not A Tenant").build())));
    refused(verifier.verify(TestTokens.hs256(claims().claim("role", "root").build())));
    assertEquals(Role.ADMIN, accepted(verifier.verify(
        TestTokens.hs256(claims().claim("role", List.of("client", "admin")).build()))).role());
    assertEquals(Role.CLIENT, accepted(verifier.verify(
        TestTokens.hs256(claims().claim("role", List.of("reader", "client")).build()))).role());
  }

  @Test
  void claimNamesAreConfigurable() {
    JwtVerifier verifier = verifier(Map.of("atrium.http.auth.jwt.tenant-claim", "org", "atrium.http.auth.jwt.role-claim", "scope"));
    Principal principal = accepted(verifier.verify(TestTokens.hs256(claims().claim("org", "beta").claim("scope", "admin").build())));
    assertEquals(new Tenant("beta"), principal.tenant());
    assertEquals(Role.ADMIN, principal.role());
  }

  @Test
  void aRememberedTokenStillExpires() {
    JwtVerifier verifier = withJwks();
    String token = TestTokens.hs256(claims().expirationTime(Date.from(NOW.plusSeconds(60))).build());
    accepted(verifier.verify(token));
    accepted(verifier.verify(token));
    clock.set(NOW.plusSeconds(60).plus(LEEWAY).plusSeconds(1).toEpochMilli());
    refused(verifier.verify(token));
  }

  @Test
  void badSettingsStopStartUp() {
    assertThrows(SettingsException.class, () -> TestAuth.enabled(Map.of("atrium.http.auth.jwt.hs256-secret", "short")));
    assertThrows(SettingsException.class, () -> TestAuth.enabled(Map.of("atrium.http.auth.jwt.issuer", "")));
    assertThrows(SettingsException.class,
        () -> TestAuth.enabled(Map.of("atrium.http.auth.jwt.jwks-file", dir.resolve("missing.json").toString())));
  }
}
