package io.atrium.persistence.serialization;

/**
 * Marks every message, event and snapshot that crosses the cluster or reaches the journal. Bound to
 * Pekko's {@code jackson-cbor} serializer in reference.conf: one marker, one binding, so a new message
 * type cannot silently fall back to Java serialization (which is disabled).
 */
public interface CborSerializable {}
