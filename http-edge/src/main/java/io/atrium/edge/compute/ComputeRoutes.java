package io.atrium.edge.compute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.edge.Json;
import io.atrium.edge.StrictBody;
import io.atrium.edge.auth.Authentication;
import io.atrium.edge.errors.ErrorResponses;
import io.atrium.sharding.Tenant;
import io.atrium.sharding.balancer.BalancerCommand;
import io.atrium.sharding.compute.ComputeReply;
import io.atrium.sharding.compute.ComputeRequest;
import io.atrium.sharding.compute.ComputeSettings;
import io.atrium.sharding.jobs.JobType;
import io.atrium.sharding.jobs.JobTypes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code POST /v1/compute/{type}?params=<JSON>} with an NDJSON body: runs job type {@code type} over
 * the body's rows on a compute worker somewhere in the cluster, picked by this node's adaptive
 * router, and answers the result. The type and params are checked here, before any routing; the
 * rows are parsed once, by the worker, which names the first bad line.
 */
final class ComputeRoutes extends AllDirectives {

  /** The response header naming the node whose worker computed the result. */
  public static final String COMPUTED_BY = "Atrium-Computed-By";
  private static final String NO_PARAMS = "{}";

  private final ActorSystem<?> system;
  private final ComputeSettings settings;
  private final ActorRef<BalancerCommand<ComputeRequest>> router;
  private final JobTypes types;
  private final Duration retryAfter;
  /** Body and ask callbacks run here, never on the JDK's common pool (see {@link StrictBody#read}). */
  private final Executor dispatcher;

  /** @param retryAfter the {@code Retry-After} advice when no worker answered */
  ComputeRoutes(ActorSystem<?> system, ComputeSettings settings,
      ActorRef<BalancerCommand<ComputeRequest>> router, JobTypes types, Duration retryAfter) {
    this.system = system;
    this.settings = settings;
    this.router = router;
    this.types = types;
    this.retryAfter = retryAfter;
    this.dispatcher = system.executionContext();
  }

  public Route route() {
    return pathPrefix("v1", () -> pathPrefix("compute", () -> path(PathMatchers.segment(), type -> post(() ->
        extractRequest(request -> {
          Tenant tenant = Authentication.tenant(request);
          return parameterOptional("params", params -> compute(tenant, type, params));
        })))));
  }

  private Route compute(Tenant tenant, String typeName, Optional<String> paramsText) {
    Optional<JobType<?, ?, ?>> type = types.get(typeName);
    if (type.isEmpty()) {
      return complete(ErrorResponses.error(StatusCodes.NOT_FOUND, "unknown_job_type",
          "No job type \"" + typeName + "\"; known: " + types.names()));
    }
    String params = paramsText.orElse(NO_PARAMS);
    Optional<String> invalid = invalidParams(type.get(), params);
    if (invalid.isPresent()) {
      return complete(ErrorResponses.error(StatusCodes.BAD_REQUEST, ComputeReply.Rejected.INVALID_PARAMS,
          invalid.get()));
    }
    return extractRequestEntity(entity -> {
      if (!isNdjson(entity.getContentType().mediaType())) {
        return complete(ErrorResponses.error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
            "Send the rows as application/x-ndjson (one JSON object per line)"));
      }
      // The limit must be set before the entity is read.
      return withSizeLimit(settings.maxBodyBytes(), () -> extractRequestEntity(limited -> onSuccess(
          StrictBody.read(limited, settings.bodyReadTimeout(), system, dispatcher).handleAsync((rows, error) ->
              error == null
                  ? route(tenant, typeName, params, rows)
                  : complete(StrictBody.unreadable(error, settings.maxBodyBytes(), settings.bodyReadTimeout())),
              dispatcher),
          route -> route)));
    });
  }

  /** {@code application/x-ndjson}, or {@code application/ndjson} as some clients write it. */
  private static boolean isNdjson(MediaType media) {
    return media.mainType().equals("application")
        && (media.subType().equals("x-ndjson") || media.subType().equals("ndjson"));
  }

  /** Why the params are refused, if they are: not JSON, or not what the job type needs. */
  private static Optional<String> invalidParams(JobType<?, ?, ?> type, String params) {
    try {
      JsonNode json = Json.MAPPER.readTree(params);
      type.parseParams(json);
      return Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.of("params is not JSON: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  private Route route(Tenant tenant, String type, String params, byte[] rows) {
    CompletionStage<ComputeReply> reply = AskPattern.ask(router,
        replyTo -> new BalancerCommand.Route<>(new ComputeRequest(tenant.id(), type, params, rows, replyTo)),
        settings.askTimeout(), system.scheduler());
    // The router answers within its own ask timeout; should this one pass first, the seal makes it a 503.
    return onSuccess(reply, answer -> complete(answered(answer)));
  }

  private HttpResponse answered(ComputeReply reply) {
    if (reply instanceof ComputeReply.Computed computed) {
      return HttpResponse.create()
          .withStatus(StatusCodes.OK)
          .addHeader(RawHeader.create(COMPUTED_BY, computed.node()))
          .withEntity(ContentTypes.APPLICATION_JSON, computed.resultJson());
    }
    if (reply instanceof ComputeReply.Rejected rejected) {
      return ErrorResponses.error(rejected.code().equals(ComputeReply.Rejected.TOO_MANY_GROUPS)
          ? StatusCodes.UNPROCESSABLE_CONTENT : StatusCodes.BAD_REQUEST, rejected.code(), rejected.message());
    }
    ComputeReply.Failed failed = (ComputeReply.Failed) reply;
    return failed.unavailable()
        ? ErrorResponses.unavailable("compute_unavailable", failed.message(), retryAfter)
        : ErrorResponses.error(StatusCodes.INTERNAL_SERVER_ERROR, "compute_failed", failed.message());
  }
}
