package io.atrium.sharding.jobs.imports;

/** One row that was not imported: where, why, and the detail. */
public record ImportFailure(long line, ImportFailureReason reason, String message) {}
