package io.atrium.sharding.jobs.imports;

/** What a row becomes in an import: a record to write, or the reason it cannot be one. */
public sealed interface ImportRow {

  /** The record {@code key} gets {@code valueJson} (compact JSON, within the records' limits). */
  record Write(long line, String key, String valueJson) implements ImportRow {}

  /** The row cannot become a record; counted as failed, the import goes on. */
  record Rejected(long line, ImportFailureReason reason, String message) implements ImportRow {}
}
