package io.atrium.sharding.records;

import io.atrium.persistence.serialization.CborSerializable;

/**
 * What must hold before a write is applied: HTTP {@code If-Match} / {@code If-None-Match}.
 *
 * @param version the version {@link Kind#VERSION} requires
 */
public record Precondition(Kind kind, long version) implements CborSerializable {

  public enum Kind {
    /** No header: unconditional. */
    NONE,
    /** {@code If-Match: *}: the record must exist. */
    EXISTS,
    /** {@code If-None-Match: *}: the record must not exist (create only). */
    ABSENT,
    /** {@code If-Match: "n"}: the record must exist at exactly version n. */
    VERSION
  }

  public static final Precondition NONE = new Precondition(Kind.NONE, 0);
  public static final Precondition EXISTS = new Precondition(Kind.EXISTS, 0);
  public static final Precondition ABSENT = new Precondition(Kind.ABSENT, 0);

  public static Precondition version(long version) {
    return new Precondition(Kind.VERSION, version);
  }

  boolean holdsFor(RecordState state) {
    return switch (kind) {
      case NONE -> true;
      case EXISTS -> state.exists();
      case ABSENT -> !state.exists();
      case VERSION -> state.exists() && state.version() == version;
    };
  }
}
