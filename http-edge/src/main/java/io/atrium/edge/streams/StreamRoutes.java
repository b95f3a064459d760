package io.atrium.edge.streams;

import io.atrium.edge.Json;
import io.atrium.edge.StrictBody;
import io.atrium.edge.auth.Authentication;
import io.atrium.edge.errors.ErrorResponses;
import io.atrium.sharding.Tenant;
import io.atrium.sharding.streams.EventBatch;
import io.atrium.sharding.streams.StreamCommand;
import io.atrium.sharding.streams.StreamEntity;
import io.atrium.sharding.streams.StreamReply;
import io.atrium.sharding.streams.StreamSettings;
import io.atrium.sharding.streams.WindowSize;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code POST /v1/streams/{stream}/events} and {@code GET /v1/streams/{stream}/stats}. Every check on
 * the request happens here, before the entity is asked, so a refused request stores nothing.
 */
public final class StreamRoutes extends AllDirectives {

  private static final String WINDOWS = Arrays.stream(WindowSize.values())
      .map(WindowSize::label).collect(Collectors.joining(", "));

  private final ActorSystem<?> system;
  private final StreamSettings settings;
  private final EventsParser parser;
  private final Clock clock;
  /** Where body callbacks run: never the JDK's common pool (see {@link StrictBody#read}). */
  private final Executor dispatcher;

  public StreamRoutes(ActorSystem<?> system, StreamSettings settings) {
    this(system, settings, Clock.systemUTC());
  }

  StreamRoutes(ActorSystem<?> system, StreamSettings settings, Clock clock) {
    this.system = system;
    this.dispatcher = system.executionContext();
    this.settings = settings;
    this.parser = new EventsParser(settings);
    this.clock = clock;
  }

  public Route route() {
    // Streams are entities per tenant: another tenant's stream of the same name is a different one.
    return pathPrefix("v1", () -> pathPrefix("streams", () -> extractRequest(request -> {
      Tenant tenant = Authentication.tenant(request);
      return pathPrefix(PathMatchers.segment(), stream -> concat(
          path("events", () -> post(() -> validStream(stream, () -> append(tenant, stream)))),
          path("stats", () -> get(() -> validStream(stream, () -> stats(tenant, stream))))));
    })));
  }

  private Route validStream(String stream, Supplier<Route> inner) {
    if (!settings.validName(stream)) {
      return complete(ErrorResponses.error(StatusCodes.BAD_REQUEST, "invalid_stream_name",
          "Stream names must match " + settings.namePattern().pattern()));
    }
    return inner.get();
  }

  private EntityRef<StreamCommand> entity(Tenant tenant, String stream) {
    return StreamEntity.entityRef(system, tenant, stream);
  }

  // POST /v1/streams/{stream}/events

  private Route append(Tenant tenant, String stream) {
    long arrival = clock.millis();
    return extractRequestEntity(entity -> {
      Optional<BodyFormat> format = BodyFormat.of(entity.getContentType());
      if (format.isEmpty()) {
        return complete(ErrorResponses.error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
            "Send events as application/json (an array) or application/x-ndjson (one object per line)"));
      }
      // The limit must be raised before the entity is read: the edge's default is lower.
      return withSizeLimit(settings.maxRequestBytes(), () -> extractRequestEntity(limited -> onSuccess(
          readBody(limited).handleAsync((body, error) -> error == null
              ? ingest(tenant, stream, body, format.get(), arrival)
              : unreadable(error), dispatcher),
          route -> route)));
    });
  }

  private Route ingest(Tenant tenant, String stream, byte[] body, BodyFormat format, long arrival) {
    EventBatch batch;
    try {
      batch = parser.parse(body, format, arrival);
    } catch (InvalidEvents e) {
      return complete(ErrorResponses.error(e.status(), e.code(), e.getMessage()));
    }
    return onSuccess(entity(tenant, stream).<StreamReply>ask(
        replyTo -> new StreamCommand.Append(batch, replyTo), settings.askTimeout()), this::appended);
  }

  private CompletionStage<byte[]> readBody(HttpEntity entity) {
    return StrictBody.read(entity, settings.bodyReadTimeout(), system, dispatcher);
  }

  /** A body over the size limit is a 413, one that did not arrive in time a 408; anything else fails. */
  private Route unreadable(Throwable error) {
    return complete(StrictBody.unreadable(error, settings.maxRequestBytes(), settings.bodyReadTimeout()));
  }

  private Route appended(StreamReply reply) {
    if (reply instanceof StreamReply.Accepted accepted) {
      return complete(StatusCodes.OK, new StreamJson.Accepted(accepted.accepted(), accepted.sequence()),
          Json.marshaller());
    }
    if (reply instanceof StreamReply.Rejected rejected) {
      // The parser enforces a superset of the entity's rules; reaching this is a bug, still a client error.
      return complete(ErrorResponses.error(StatusCodes.BAD_REQUEST, "invalid_event", rejected.message()));
    }
    throw new IllegalStateException("unexpected reply to Append: " + reply);
  }

  // GET /v1/streams/{stream}/stats?window=1s|1m|1h&last=N

  private Route stats(Tenant tenant, String stream) {
    return parameterOptional("window", window -> parameterOptional("last", last -> {
      Optional<WindowSize> size = WindowSize.fromLabel(window.orElse(WindowSize.MINUTE.label()));
      if (size.isEmpty()) {
        return invalidParameter("window must be one of " + WINDOWS);
      }
      int retained = settings.retention(size.get());
      Optional<Integer> count = last.isEmpty() ? Optional.of(retained) : positiveAtMost(last.get(), retained);
      if (count.isEmpty()) {
        return invalidParameter("last must be an integer from 1 to " + retained + " for " + size.get().label()
            + " windows");
      }
      return onSuccess(entity(tenant, stream).<StreamReply>ask(
              replyTo -> new StreamCommand.GetStats(size.get(), count.get(), replyTo), settings.askTimeout()),
          reply -> statsReply(stream, reply));
    }));
  }

  private static Optional<Integer> positiveAtMost(String text, int max) {
    try {
      int value = Integer.parseInt(text);
      return value >= 1 && value <= max ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Route invalidParameter(String message) {
    return complete(ErrorResponses.error(StatusCodes.BAD_REQUEST, "invalid_parameter", message));
  }

  private Route statsReply(String stream, StreamReply reply) {
    if (reply instanceof StreamReply.Stats stats) {
      return complete(StatusCodes.OK, StreamJson.Stats.of(stream, stats), Json.marshaller());
    }
    if (reply instanceof StreamReply.NotFound) {
      return complete(ErrorResponses.error(StatusCodes.NOT_FOUND, "stream_not_found",
          "No events were ever written to stream '" + stream + "'"));
    }
    throw new IllegalStateException("unexpected reply to GetStats: " + reply);
  }
}
