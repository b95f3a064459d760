package io.atrium.sharding.jobs.rows;

/**
 * A line of a dataset that is not a valid row. The message names the 1-based line number and the
 * reason, fit to be shown to the client as it is (the edge answers 400 with it).
 */
public final class MalformedRowException extends IllegalArgumentException {

  private final long line;
  private final String reason;

  public MalformedRowException(long line, String reason) {
    super("line " + line + ": " + reason);
    this.line = line;
    this.reason = reason;
  }

  public long line() {
    return line;
  }

  public String reason() {
    return reason;
  }
}
