package io.atrium.edge.streams;

import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.MediaType;

/** The two ways a client may send a batch of events. */
enum BodyFormat {
  /** {@code application/json}: one JSON array of event objects. */
  JSON_ARRAY,
  /** {@code application/x-ndjson} (or {@code application/ndjson}): one event object per line. */
  NDJSON;

  static Optional<BodyFormat> of(ContentType contentType) {
    MediaType media = contentType.mediaType();
    if (!media.mainType().equals("application")) {
      return Optional.empty();
    }
    return switch (media.subType()) {
      case "json" -> Optional.of(JSON_ARRAY);
      case "x-ndjson", "ndjson" -> Optional.of(NDJSON);
      default -> Optional.empty();
    };
  }
}
