package io.atrium.sharding.records;

import io.atrium.persistence.serialization.CborSerializable;

/**
 * A client's {@code Idempotency-Key} and a fingerprint of the request it came with (method, body,
 * preconditions). The same key with the same fingerprint is a retry; with another fingerprint, a
 * client bug that must not silently write.
 */
public record IdempotencyToken(String key, String fingerprint) implements CborSerializable {}
