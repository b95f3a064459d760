package io.atrium.edge.traffic;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * {@code X-Request-Id}: the client's own, if it is a safe token, else a fresh one. A client's id is
 * kept so that its logs and ours can be joined; an unsafe one (too long, or with characters that
 * could forge log lines or headers) is replaced rather than rejected, because the id is a courtesy,
 * not part of the API contract.
 */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";

  static final int MAX_LENGTH = 128;
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

  private RequestIds() {}

  public static String acceptOrGenerate(Optional<String> offered) {
    return offered.filter(RequestIds::isSafe).orElseGet(RequestIds::generate);
  }

  static boolean isSafe(String id) {
    return SAFE.matcher(id).matches();
  }

  /**
   * 128 random bits as 32 hex digits. Not {@code UUID.randomUUID()}: its shared SecureRandom is a
   * point of contention at tens of thousands of requests a second, and these ids need no secrecy.
   */
  static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return hex(random.nextLong()) + hex(random.nextLong());
  }

  private static String hex(long value) {
    String digits = Long.toHexString(value);
    return "0".repeat(16 - digits.length()) + digits;
  }
}
