package io.atrium.edge.auth;

import io.atrium.sharding.Tenant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API key format, generation and verification. A key reads {@code atr_<id>_<secret>}: the id (16 hex
 * digits) is public and names the key in listings and revocations; the secret is 256 random bits in
 * unpadded base64url. Only {@code SHA-256(salt || secret)} is stored.
 *
 * <p>Why a fast salted hash and not bcrypt/scrypt/Argon2: slow hashes protect low-entropy secrets
 * (passwords) against guessing. A 256-bit random secret cannot be guessed at any hash speed (2^255
 * tries on average), so a slow hash would add cost to every cache miss and no security. The salt keeps
 * a stolen table from being matched against precomputed hashes or across deployments.
 */
public final class ApiKeys {

  public static final String PREFIX = "atr_";
  static final int ID_BYTES = 8;
  static final int SECRET_BYTES = 32;
  static final int SALT_BYTES = 16;
  private static final Pattern ID = Pattern.compile("[0-9a-f]{" + 2 * ID_BYTES + "}");
  /** 32 bytes in unpadded base64url. */
  private static final int SECRET_CHARS = 43;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  /** A key just issued: the token is shown once and then only {@code stored} remains. */
  public record Issued(StoredKey stored, String token) {
    /** Never prints the token. */
    @Override
    public String toString() {
      return "Issued[" + stored + "]";
    }
  }

  /** The two parts of a presented key. */
  record Presented(String id, byte[] secret) {}

  private ApiKeys() {}

  public static Issued issue(Tenant tenant, Role role, Instant now) {
    String id = HEX.formatHex(random(ID_BYTES));
    byte[] secret = random(SECRET_BYTES);
    byte[] salt = random(SALT_BYTES);
    StoredKey stored = new StoredKey(id, tenant, role, salt, hash(salt, secret), now, Optional.empty());
    return new Issued(stored, PREFIX + id + "_" + ENCODER.encodeToString(secret));
  }

  /** Whether a bearer token is meant as an API key (rather than a JWT). */
  static boolean looksLikeKey(String token) {
    return token.startsWith(PREFIX);
  }

  /** Splits a token into id and secret; empty when it is not a well-formed key. */
  static Optional<Presented> parse(String token) {
    int idEnd = PREFIX.length() + 2 * ID_BYTES;
    if (!token.startsWith(PREFIX) || token.length() != idEnd + 1 + SECRET_CHARS || token.charAt(idEnd) != '_') {
      return Optional.empty();
    }
    String id = token.substring(PREFIX.length(), idEnd);
    if (!ID.matcher(id).matches()) {
      return Optional.empty();
    }
    String encoded = token.substring(idEnd + 1);
    try {
      byte[] secret = Base64.getUrlDecoder().decode(encoded.getBytes(StandardCharsets.US_ASCII));
      // The decoder ignores the unused low bits of the last character; only the canonical spelling
      // of a secret is its key, so one key has exactly one token.
      return secret.length == SECRET_BYTES && ENCODER.encodeToString(secret).equals(encoded)
          ? Optional.of(new Presented(id, secret))
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static boolean matches(byte[] salt, byte[] expectedHash, byte[] secret) {
    // isEqual takes the same time wherever the first difference is, so timing tells nothing about the hash.
    return MessageDigest.isEqual(hash(salt, secret), expectedHash);
  }

  static byte[] hash(byte[] salt, byte[] secret) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(salt);
      return sha256.digest(secret);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256.
      throw new IllegalStateException(e);
    }
  }

  private static byte[] random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return value;
  }
}
