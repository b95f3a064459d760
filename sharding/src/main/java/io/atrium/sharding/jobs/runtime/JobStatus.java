package io.atrium.sharding.jobs.runtime;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a job is in its life; the last three are final. */
public enum JobStatus {
  /** Submitted; its tasks are (being) queued, none has started. */
  QUEUED,
  /** At least one chunk has started. */
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
