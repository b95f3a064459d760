package io.atrium.sharding.jobs.imports;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a row was not imported; a small fixed set, so counts per reason stay small. */
public enum ImportFailureReason {
  /** The key field is absent or null. */
  NO_KEY,
  /** The key field's text is not a valid record key (length, control characters). */
  INVALID_KEY,
  /** The row is not a valid record value (too deeply nested). */
  INVALID_VALUE,
  /** The row is larger than a record value may be. */
  VALUE_TOO_LARGE,
  /** The record entity refused or did not answer the write. */
  WRITE_FAILED;

  @JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
