package io.atrium.edge.auth;

import io.atrium.sharding.Tenant;
import java.time.Instant;
import java.util.Optional;

/**
 * An API key as stored: never the secret, only a salted hash of it.
 *
 * @param id the public part of the key, shown in listings and used to revoke it
 * @param salt random bytes hashed with the secret
 * @param secretHash SHA-256 of salt and secret
 * @param revokedAt when it was revoked; a revoked key is kept for the record but never accepted
 */
public record StoredKey(String id, Tenant tenant, Role role, byte[] salt, byte[] secretHash, Instant createdAt,
    Optional<Instant> revokedAt) {

  public StoredKey {
    salt = salt.clone();
    secretHash = secretHash.clone();
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] secretHash() {
    return secretHash.clone();
  }

  public boolean active() {
    return revokedAt.isEmpty();
  }

  public StoredKey revoked(Instant at) {
    return new StoredKey(id, tenant, role, salt, secretHash, createdAt, Optional.of(at));
  }

  Principal principal() {
    return new Principal(tenant, role, "key:" + id);
  }

  /** Whether {@code secret} is this key's secret; constant time in the secret's content. */
  boolean matches(byte[] secret) {
    return ApiKeys.matches(salt, secretHash, secret);
  }

  /** Never prints salt or hash. */
  @Override
  public String toString() {
    return "StoredKey[" + id + ", " + tenant.id() + ", " + role.label() + ", created " + createdAt
        + revokedAt.map(at -> ", revoked " + at).orElse("") + "]";
  }
}
