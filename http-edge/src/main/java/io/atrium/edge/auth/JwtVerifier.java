package io.atrium.edge.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.atrium.config.SettingsException;
import io.atrium.sharding.Tenant;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Verifies JWTs with nimbus-jose-jwt: the signature (HS256 with the configured secret; RS256/ES256
 * with the public keys of the JWKS file), then {@code iss}, {@code aud}, {@code exp} (required) and
 * {@code nbf} (if present) with the configured leeway; then takes tenant and role from their claims.
 *
 * <p>Algorithm confusion cannot happen: only the algorithms configured are accepted, and the key
 * selector picks keys by type per algorithm (an HS256 token is checked only against the configured
 * secret, never against an RSA or EC public key); the JWKS file contributes public keys only.
 * Unsigned tokens ({@code alg: none}) are refused by the processor.
 *
 * <p>A verified token is remembered until its {@code exp}, so a client that sends the same token on
 * every request pays for the signature check once.
 */
public final class JwtVerifier {

  private record Verified(Principal principal, long expiresAtMillis) {}

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final JwtSettings settings;
  private final LongSupplier clockMillis;
  private final Map<String, Verified> cache = new ConcurrentHashMap<>();

  JwtVerifier(JwtSettings settings, LongSupplier clockMillis) {
    this.settings = settings;
    this.clockMillis = clockMillis;
    List<JWK> keys = new ArrayList<>();
    Set<JWSAlgorithm> algorithms = new HashSet<>();
    settings.hs256Secret().ifPresent(secret -> {
      keys.add(new OctetSequenceKey.Builder(secret.getBytes(StandardCharsets.UTF_8)).build());
      algorithms.add(JWSAlgorithm.HS256);
    });
    settings.jwksFile().ifPresent(path -> {
      keys.addAll(publicKeys(path));
      algorithms.add(JWSAlgorithm.RS256);
      algorithms.add(JWSAlgorithm.ES256);
    });
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, new ImmutableJWKSet<>(new JWKSet(keys))));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
        Set.of(settings.audience()),
        new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
        Set.of("iss", "aud", "exp"),
        null) {
      @Override
      protected Date currentTime() {
        return new Date(clockMillis.getAsLong());
      }
    };
    claims.setMaxClockSkew(Math.toIntExact(settings.leeway().toSeconds()));
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** A verifier for the settings, or empty when JWTs are not configured. */
  public static Optional<JwtVerifier> create(JwtSettings settings) {
    return settings.enabled() ? Optional.of(new JwtVerifier(settings, System::currentTimeMillis)) : Optional.empty();
  }

  public AuthResult verify(String token) {
    long now = clockMillis.getAsLong();
    Verified known = cache.get(token);
    if (known != null) {
      if (now < known.expiresAtMillis()) {
        return new AuthResult.Authenticated(known.principal());
      }
      cache.remove(token);
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      return new AuthResult.Invalid("Malformed token");
    } catch (BadJOSEException | JOSEException e) {
      return new AuthResult.Invalid(reason(e));
    }
    Optional<Principal> principal = principal(claims);
    if (principal.isEmpty()) {
      return new AuthResult.Invalid("The token does not name a valid tenant and role ("
          + settings.tenantClaim() + ", " + settings.roleClaim() + ")");
    }
    remember(token, principal.get(), claims.getExpirationTime().getTime(), now);
    return new AuthResult.Authenticated(principal.get());
  }

  private void remember(String token, Principal principal, long expiresAtMillis, long now) {
    if (expiresAtMillis <= now) {
      return; // accepted within the leeway only; check it again next time
    }
    if (cache.size() >= settings.cacheSize()) {
      cache.clear();
    }
    cache.put(token, new Verified(principal, expiresAtMillis));
  }

  private Optional<Principal> principal(JWTClaimsSet claims) {
    Object tenant = claims.getClaim(settings.tenantClaim());
    Optional<Role> role = role(claims.getClaim(settings.roleClaim()));
    if (!(tenant instanceof String id) || role.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Principal(new Tenant(id), role.get(), claims.getSubject() == null ? "jwt" : claims.getSubject()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** "admin" or "client", or a list holding either (admin wins). */
  private static Optional<Role> role(Object claim) {
    if (claim instanceof String label) {
      return Role.fromLabel(label);
    }
    if (claim instanceof List<?> labels) {
      return labels.stream()
          .flatMap(label -> label instanceof String s ? Role.fromLabel(s).stream() : java.util.stream.Stream.empty())
          .max(Enum::compareTo);
    }
    return Optional.empty();
  }

  /** A short reason for the client; the library's messages may quote expected claim values. */
  private static String reason(Exception e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("Expired")) {
      return "The token has expired";
    }
    if (message.contains("before use time")) {
      return "The token is not valid yet";
    }
    return "The token is not valid here";
  }

  static List<JWK> publicKeys(String path) {
    try {
      List<JWK> keys = JWKSet.load(new File(path)).toPublicJWKSet().getKeys();
      if (keys.isEmpty()) {
        throw new SettingsException("atrium.http.auth.jwt.jwks-file", path + " holds no RSA or EC public key");
      }
      return keys;
    } catch (IOException | ParseException e) {
      throw new SettingsException("atrium.http.auth.jwt.jwks-file", "cannot read JWKS from " + path + ": " + e.getMessage(), e);
    }
  }
}
