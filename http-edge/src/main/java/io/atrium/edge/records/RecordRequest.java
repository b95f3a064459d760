package io.atrium.edge.records;

import io.atrium.sharding.records.IdempotencyToken;
import io.atrium.sharding.records.Precondition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/** Reads the conditional and idempotency headers of a record write. */
final class RecordRequest {

  static final String IF_MATCH = "If-Match";
  static final String IF_NONE_MATCH = "If-None-Match";
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final Pattern ENTITY_TAG = Pattern.compile("\"(\\d{1,18})\"");
  private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
  static final String EDGE_KEY_PREFIX = "\u0001edge:";

  private RecordRequest() {}

  /** A header value the client got wrong; becomes a 400. */
  static final class BadHeader extends RuntimeException {
    BadHeader(String message) {
      super(message);
    }
  }

  static Precondition precondition(HttpRequest request) {
    Optional<String> ifMatch = header(request, IF_MATCH);
    Optional<String> ifNoneMatch = header(request, IF_NONE_MATCH);
    if (ifMatch.isPresent() && ifNoneMatch.isPresent()) {
      throw new BadHeader("use either If-Match or If-None-Match, not both");
    }
    if (ifNoneMatch.isPresent()) {
      if (!ifNoneMatch.get().equals("*")) {
        throw new BadHeader("If-None-Match supports only * (create only)");
      }
      return Precondition.ABSENT;
    }
    return ifMatch.map(RecordRequest::ifMatch).orElse(Precondition.NONE);
  }

  private static Precondition ifMatch(String value) {
    if (value.equals("*")) {
      return Precondition.EXISTS;
    }
    Matcher tag = ENTITY_TAG.matcher(value);
    if (!tag.matches()) {
      throw new BadHeader("If-Match must be * or a version in quotes, e.g. \"3\"");
    }
    return Precondition.version(Long.parseLong(tag.group(1)));
  }

  /**
   * The idempotency token of a write: the client's {@code Idempotency-Key}, or for a conditional
   * write ({@code If-Match}) without one, a key of the edge's own. The fingerprint covers everything
   * that decides the outcome, so a reused key with any other request is detected.
   *
   * <p>With a token the entity answers a repeated attempt with the first attempt's result, so the
   * edge may ask twice when the first attempt is lost in a failover (see RetryingAsk). An If-Match
   * write is the one a client most needs that for: repeated blindly, a write that did apply would be
   * answered 412. The edge's key starts with a control character, which no HTTP header can carry, so
   * it never meets a client's key.
   */
  static Optional<IdempotencyToken> idempotency(HttpRequest request, String operation, String body) {
    Optional<String> clientKey = header(request, IDEMPOTENCY_KEY);
    Optional<String> ifMatch = header(request, IF_MATCH);
    if (clientKey.isEmpty() && ifMatch.isEmpty()) {
      return Optional.empty();
    }
    String key = clientKey.map(RecordRequest::validKey).orElseGet(() -> EDGE_KEY_PREFIX + UUID.randomUUID());
    String material = operation + "\n" + ifMatch.orElse("") + "\n"
        + header(request, IF_NONE_MATCH).orElse("") + "\n" + body;
    return Optional.of(new IdempotencyToken(key, sha256(material)));
  }

  private static String validKey(String key) {
    if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
      throw new BadHeader("Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
    }
    return key;
  }

  private static Optional<String> header(HttpRequest request, String name) {
    return request.getHeader(name).map(h -> h.value().trim());
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
