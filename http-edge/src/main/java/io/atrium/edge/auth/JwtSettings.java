package io.atrium.edge.auth;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code atrium.http.auth.jwt}: how JWTs are verified. Verification is on when an HS256 secret or a
 * JWKS file is configured.
 *
 * @param hs256Secret the HS256 shared secret; empty: HS256 is refused
 * @param jwksFile RSA/EC public keys for RS256/ES256; empty: those are refused
 * @param issuer required {@code iss}
 * @param audience required member of {@code aud}
 * @param leeway clock skew tolerated on {@code exp} and {@code nbf}
 * @param cacheSize most verified tokens remembered
 */
public record JwtSettings(
    Optional<String> hs256Secret, Optional<String> jwksFile, String issuer, String audience, Duration leeway,
    String tenantClaim, String roleClaim, int cacheSize) {

  /** HS256 needs a key at least as long as the hash (RFC 7518 §3.2); the library enforces it too. */
  static final int MIN_SECRET_BYTES = 32;
  private static final String PREFIX = "atrium.http.auth.jwt.";

  public static JwtSettings fromConfig(Config config) {
    Optional<String> secret = optional(config, "hs256-secret");
    if (secret.isPresent() && secret.get().getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new SettingsException(PREFIX + "hs256-secret", "must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    Optional<String> jwks = optional(config, "jwks-file");
    // Read once here so that a missing or empty file stops the node at start-up with the setting's name.
    jwks.ifPresent(JwtVerifier::publicKeys);
    boolean on = secret.isPresent() || jwks.isPresent();
    return new JwtSettings(secret, jwks,
        on ? Settings.nonBlank(config, PREFIX + "issuer") : Settings.string(config, PREFIX + "issuer"),
        on ? Settings.nonBlank(config, PREFIX + "audience") : Settings.string(config, PREFIX + "audience"),
        Settings.nonNegativeDuration(config, PREFIX + "leeway"),
        Settings.nonBlank(config, PREFIX + "tenant-claim"),
        Settings.nonBlank(config, PREFIX + "role-claim"),
        Settings.positiveInt(config, PREFIX + "cache-size"));
  }

  public boolean enabled() {
    return hs256Secret.isPresent() || jwksFile.isPresent();
  }

  private static Optional<String> optional(Config config, String key) {
    String value = Settings.string(config, PREFIX + key);
    return value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "JwtSettings[hs256=" + hs256Secret.isPresent() + ", jwksFile=" + jwksFile.orElse("") + ", issuer=" + issuer
        + ", audience=" + audience + ", leeway=" + leeway + "]";
  }
}
