package io.atrium.edge.records;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.atrium.edge.Json;
import io.atrium.edge.RetryingAsk;
import io.atrium.edge.auth.Authentication;
import io.atrium.edge.errors.ApiError;
import io.atrium.edge.errors.ErrorResponses;
import io.atrium.sharding.Tenant;
import io.atrium.sharding.records.IdempotencyToken;
import io.atrium.sharding.records.Precondition;
import io.atrium.sharding.records.RecordCommand;
import io.atrium.sharding.records.RecordEntity;
import io.atrium.sharding.records.RecordLimits;
import io.atrium.sharding.records.RecordListing;
import io.atrium.sharding.records.RecordReply;
import io.atrium.sharding.records.RecordSettings;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ETag;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * {@code /v1/records/{collection}/{key}}: GET, PUT, PATCH (JSON merge patch) and DELETE of versioned
 * JSON documents. Every request is validated here before an entity sees it; a rejected request
 * writes nothing.
 */
public final class RecordRoutes extends AllDirectives {

  /** Reply body of a write. */
  public record WriteView(String collection, String key, long version, Instant updatedAt) {}

  /** Reply body of a read; the stored JSON is embedded as is, without re-parsing. */
  public record ReadView(String collection, String key, long version, Instant updatedAt,
      @JsonRawValue String value) {}

  static final MediaType MERGE_PATCH = MediaTypes.applicationWithFixedCharset(
      "merge-patch+json", org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8);

  /** Reply body of a listing page. */
  public record PageView(String collection, List<RecordListing.Item> items, String nextCursor) {}

  private final ClusterSharding sharding;
  private final RecordSettings settings;
  private final RecordLimits limits;
  private final RecordListing listing;
  private final RetryingAsk asking;

  public RecordRoutes(ActorSystem<?> system, RecordSettings settings, RecordListing listing) {
    this.sharding = ClusterSharding.get(system);
    this.settings = settings;
    this.limits = settings.limits();
    this.asking = new RetryingAsk(settings.firstAttemptTimeout(), settings.askTimeout());
    this.listing = listing;
  }

  public Route route() {
    // The caller's tenant is part of every entity id and listing query: another tenant's records
    // cannot be addressed at all, so they are 404, never 403.
    return pathPrefix("v1", () -> pathPrefix("records", () -> extractRequest(request -> {
      Tenant tenant = Authentication.tenant(request);
      return pathPrefix(PathMatchers.segment(), collection -> concat(
          pathEnd(() -> get(() -> list(tenant, collection))),
          path(PathMatchers.segment(), key -> validated(collection, key, () -> {
            String id = RecordEntity.entityId(tenant, collection, key);
            return concat(
                get(() -> read(collection, key, id)),
                put(() -> write(collection, key, id, MediaTypes.APPLICATION_JSON, "PUT", this::put)),
                patch(() -> write(collection, key, id, MERGE_PATCH, "PATCH", this::patch)),
                delete(() -> delete(collection, key, id)));
          }))));
    })));
  }

  /** One kind of write: builds the entity command from the validated body and headers. */
  @FunctionalInterface
  private interface WriteCommand {
    RecordCommand create(String json, Precondition precondition, Optional<IdempotencyToken> idempotency,
        ActorRef<RecordReply> replyTo);
  }

  private RecordCommand put(String json, Precondition precondition, Optional<IdempotencyToken> idempotency,
      ActorRef<RecordReply> replyTo) {
    return new RecordCommand.Put(json, precondition, idempotency, replyTo);
  }

  private RecordCommand patch(String json, Precondition precondition, Optional<IdempotencyToken> idempotency,
      ActorRef<RecordReply> replyTo) {
    return new RecordCommand.Patch(json, precondition, idempotency, replyTo);
  }

  private Route list(Tenant tenant, String collection) {
    Optional<String> badCollection = limits.collectionProblem(collection);
    if (badCollection.isPresent()) {
      return complete(ErrorResponses.error(StatusCodes.BAD_REQUEST, "invalid_name", badCollection.get()));
    }
    RecordSettings.Listing config = settings.listing();
    return parameterOptional("prefix", prefix -> parameterOptional("limit", limit ->
        parameterOptional("cursor", cursor -> {
          int pageSize;
          try {
            pageSize = limit.map(Integer::parseInt).orElse(config.defaultPageSize());
            cursor.ifPresent(RecordListing::decodeCursor);
          } catch (IllegalArgumentException e) {
            return complete(ErrorResponses.error(StatusCodes.BAD_REQUEST, "invalid_parameter",
                "limit must be a number from 1 to " + config.maxPageSize() + " and cursor a value from nextCursor"));
          }
          if (pageSize < 1 || pageSize > config.maxPageSize()) {
            return complete(ErrorResponses.error(StatusCodes.BAD_REQUEST, "invalid_parameter",
                "limit must be from 1 to " + config.maxPageSize()));
          }
          return onSuccess(listing.page(tenant, collection, prefix.orElse(""), pageSize, cursor),
              page -> complete(StatusCodes.OK,
                  new PageView(collection, page.items(), page.nextCursor().orElse(null)), Json.marshaller()));
        })));
  }

  private Route read(String collection, String key, String id) {
    return onSuccess(ask(id, true, RecordCommand.Get::new), reply -> respond(collection, key, reply));
  }

  private Route write(String collection, String key, String id, MediaType mediaType, String operation,
      WriteCommand command) {
    return extractRequest(request -> requireMediaType(request, mediaType, () ->
        withSizeLimit(limits.maxValueBytes(), () -> entity(Unmarshaller.entityToString(), body ->
            rejectingBadInput(() -> {
              Precondition precondition = RecordRequest.precondition(request);
              Optional<IdempotencyToken> idempotency = RecordRequest.idempotency(request, operation, body);
              String json = limits.serialize(limits.parse(body));
              return onSuccess(ask(id, idempotency.isPresent(),
                      replyTo -> command.create(json, precondition, idempotency, replyTo)),
                  reply -> respond(collection, key, reply));
            })))));
  }

  private Route delete(String collection, String key, String id) {
    return extractRequest(request -> rejectingBadInput(() -> {
      Precondition precondition = RecordRequest.precondition(request);
      Optional<IdempotencyToken> idempotency = RecordRequest.idempotency(request, "DELETE", "");
      return onSuccess(ask(id, idempotency.isPresent(),
              replyTo -> new RecordCommand.Delete(precondition, idempotency, replyTo)),
          reply -> respond(collection, key, reply));
    }));
  }

  /**
   * @param repeatable whether the command may reach the entity twice without harm (reads, and writes
   *     it deduplicates by their idempotency token: the client's Idempotency-Key, or the edge's own for
   *     an If-Match write); only those are retried after a lost first attempt
   */
  private CompletionStage<RecordReply> ask(String id, boolean repeatable,
      Function<ActorRef<RecordReply>, RecordCommand> command) {
    EntityRef<RecordCommand> entity = sharding.entityRefFor(RecordEntity.ENTITY_KEY, id);
    return asking.ask(timeout -> entity.ask(command::apply, timeout), repeatable);
  }

  private Route respond(String collection, String key, RecordReply reply) {
    if (reply instanceof RecordReply.Written written) {
      return complete(written.created() ? StatusCodes.CREATED : StatusCodes.OK, List.of(etag(written.version())),
          new WriteView(collection, key, written.version(), written.updatedAt()), Json.marshaller());
    }
    if (reply instanceof RecordReply.Current current) {
      return complete(StatusCodes.OK, List.of(etag(current.version())),
          new ReadView(collection, key, current.version(), current.updatedAt(), current.valueJson()),
          Json.marshaller());
    }
    if (reply instanceof RecordReply.Deleted) {
      return complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT));
    }
    if (reply instanceof RecordReply.NotFound) {
      return complete(ErrorResponses.error(StatusCodes.NOT_FOUND, "not_found",
          "No record '" + key + "' in collection '" + collection + "'"));
    }
    if (reply instanceof RecordReply.PreconditionFailed failed) {
      Map<String, Object> details = new HashMap<>();
      details.put("exists", failed.exists());
      details.put("currentVersion", failed.currentVersion());
      return complete(ErrorResponses.error(StatusCodes.PRECONDITION_FAILED, ApiError.of("precondition_failed",
          failed.exists()
              ? "The record is at version " + failed.currentVersion()
              : "The record does not exist (version " + failed.currentVersion() + ")",
          details), List.of()));
    }
    if (reply instanceof RecordReply.IdempotencyConflict conflict) {
      return complete(ErrorResponses.error(StatusCodes.UNPROCESSABLE_CONTENT, "idempotency_key_reused",
          "Idempotency-Key '" + conflict.key() + "' was used with a different request"));
    }
    if (reply instanceof RecordReply.Rejected rejected) {
      return complete(ErrorResponses.error(
          rejected.tooLarge() ? StatusCodes.CONTENT_TOO_LARGE : StatusCodes.BAD_REQUEST,
          rejected.tooLarge() ? "payload_too_large" : "invalid_value", rejected.message()));
    }
    throw new IllegalStateException("unexpected reply " + reply);
  }

  private Route validated(String collection, String key, Supplier<Route> inner) {
    Optional<String> problem = limits.collectionProblem(collection).or(() -> limits.keyProblem(key));
    return problem
        .map(message -> complete(ErrorResponses.error(StatusCodes.BAD_REQUEST, "invalid_name", message)))
        .orElseGet(inner);
  }

  private Route requireMediaType(HttpRequest request, MediaType expected, Supplier<Route> inner) {
    MediaType actual = request.entity().getContentType().mediaType();
    if (!actual.equals(expected)) {
      return complete(ErrorResponses.error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
          "Content-Type must be " + expected + ", was " + actual));
    }
    return inner.get();
  }

  /** Turns the client's mistakes found while reading the request into 400 or 413. */
  private Route rejectingBadInput(Supplier<Route> inner) {
    try {
      return inner.get();
    } catch (RecordRequest.BadHeader e) {
      return complete(ErrorResponses.error(StatusCodes.BAD_REQUEST, "invalid_header", e.getMessage()));
    } catch (RecordLimits.ValueTooLargeException e) {
      return complete(ErrorResponses.error(StatusCodes.CONTENT_TOO_LARGE, "payload_too_large", e.getMessage()));
    } catch (RecordLimits.InvalidValueException e) {
      return complete(ErrorResponses.error(StatusCodes.BAD_REQUEST, "invalid_json", e.getMessage()));
    }
  }

  private static ETag etag(long version) {
    return ETag.create(EntityTag.create(Long.toString(version), false));
  }

}
