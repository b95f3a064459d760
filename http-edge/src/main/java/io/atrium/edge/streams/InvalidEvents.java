package io.atrium.edge.streams;

import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** Why a request's body was refused: status, error code and a message naming the first problem. */
final class InvalidEvents extends Exception {

  private final StatusCode status;
  private final String code;

  private InvalidEvents(StatusCode status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  /** The body is not JSON (or not NDJSON) at all. */
  static InvalidEvents malformed(String message) {
    return new InvalidEvents(StatusCodes.BAD_REQUEST, "malformed_json", message);
  }

  /** Well-formed, but not an array of events, or an empty one. */
  static InvalidEvents body(String message) {
    return new InvalidEvents(StatusCodes.BAD_REQUEST, "invalid_body", message);
  }

  /** Event {@code index} breaks a rule; {@code problem} starts with the field, e.g. ".value must …". */
  static InvalidEvents event(int index, String problem) {
    return new InvalidEvents(StatusCodes.BAD_REQUEST, "invalid_event", "events[" + index + "]" + problem);
  }

  static InvalidEvents tooMany(int max) {
    return new InvalidEvents(StatusCodes.CONTENT_TOO_LARGE, "payload_too_large",
        "A request may carry at most " + max + " events");
  }

  StatusCode status() {
    return status;
  }

  String code() {
    return code;
  }
}
