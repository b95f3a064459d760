package io.atrium.sharding.jobs.rows;

/** Turns one data line (without its line break) into a {@link Row}. Instances are not thread-safe. */
public interface LineParser {

  /**
   * The row in {@code data[from, to)}, which is line {@code line} of the dataset, without its line
   * break ({@code \n} or {@code \r\n}).
   *
   * @throws MalformedRowException naming {@code line} when the line is not a valid row
   */
  Row parse(byte[] data, int from, int to, long line);

  /**
   * Whether {@code data[from, to)} holds no row: empty or only spaces, tabs and a carriage return.
   * Blank lines are skipped (but counted, so later line numbers match the file).
   */
  static boolean isBlank(byte[] data, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = data[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /** {@code to} without a trailing carriage return, so CRLF files read like LF files. */
  static int withoutCarriageReturn(byte[] data, int from, int to) {
    return to > from && data[to - 1] == '\r' ? to - 1 : to;
  }
}
