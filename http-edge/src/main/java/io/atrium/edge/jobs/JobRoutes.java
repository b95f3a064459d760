package io.atrium.edge.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.atrium.edge.Json;
import io.atrium.edge.auth.Authentication;
import io.atrium.edge.errors.ApiError;
import io.atrium.edge.errors.ErrorResponses;
import io.atrium.sharding.Tenant;
import io.atrium.sharding.jobs.datasets.DatasetManifest;
import io.atrium.sharding.jobs.runtime.JobCommand;
import io.atrium.sharding.jobs.runtime.JobEntity;
import io.atrium.sharding.jobs.runtime.JobSpec;
import io.atrium.sharding.jobs.runtime.JobStatus;
import io.atrium.sharding.jobs.runtime.JobView;
import io.atrium.sharding.jobs.runtime.Jobs;
import io.atrium.sharding.jobs.runtime.TenantBacklog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code /v1/jobs}: submit a job over a dataset, follow it (status, Server-Sent Events), read its
 * result, cancel it. Params are validated here, before anything is stored; the backlog limit and the
 * task queue's availability are checked before the job entity is asked.
 */
public final class JobRoutes extends AllDirectives {

  /** Reply of a submission. */
  public record Submitted(String job) {}

  private static final Executor SAME_THREAD = Runnable::run;
  /** How long a client should wait after a 429 or a 503 of a submission. */
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
  /** SSE comments keep proxies from closing a stream while a job is quiet. */
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
  /** A submission is a small JSON object: a type, a dataset id and a few params. */
  private static final int MAX_BODY_BYTES = 64 * 1024;
  /** The job id params are checked with; a real one is drawn once the submission is accepted. */
  private static final String NO_JOB_YET = "validation";

  private final ClusterSharding sharding;
  private final Jobs jobs;

  public JobRoutes(ActorSystem<?> system, Jobs jobs) {
    this.sharding = ClusterSharding.get(system);
    this.jobs = jobs;
  }

  public Route route() {
    return pathPrefix("v1", () -> pathPrefix("jobs", () -> extractRequest(request -> {
      Tenant tenant = Authentication.tenant(request);
      return concat(
          pathEnd(() -> post(() -> submit(tenant))),
          pathPrefix(PathMatchers.segment(), job -> concat(
              pathEnd(() -> concat(
                  get(() -> withJob(tenant, job, JobCommand.Get::new,
                      view -> complete(StatusCodes.OK, view, Json.marshaller()))),
                  delete(() -> withJob(tenant, job, JobCommand.Cancel::new,
                      view -> complete(StatusCodes.OK, view, Json.marshaller()))))),
              path("result", () -> get(() -> result(tenant, job))),
              path("events", () -> get(() -> events(tenant, job))))));
    })));
  }

  private Route submit(Tenant tenant) {
    return withSizeLimit(MAX_BODY_BYTES, () -> entity(Unmarshaller.entityToString(), body -> {
      Request parsed;
      try {
        parsed = Request.parse(body);
        jobs.kinds().parse(parsed.type(), parsed.params(), tenant, NO_JOB_YET);
      } catch (IllegalArgumentException e) {
        return complete(ErrorResponses.error(StatusCodes.BAD_REQUEST, "invalid_job", e.getMessage()));
      }
      return onSuccess(jobs.datasets().get(tenant, parsed.dataset()), dataset -> dataset
          .map(manifest -> queueAvailable(() -> reserveAndSubmit(tenant, parsed, manifest)))
          .orElseGet(() -> complete(ErrorResponses.error(StatusCodes.NOT_FOUND, "dataset_not_found",
              "No dataset '" + parsed.dataset() + "'"))));
    }));
  }

  /** The body of a submission. */
  private record Request(String type, String dataset, JsonNode params) {

    static Request parse(String body) {
      JsonNode json;
      try {
        json = Json.MAPPER.readTree(body);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
      }
      if (json == null || !json.isObject()) {
        throw new IllegalArgumentException("the body must be a JSON object {\"type\", \"dataset\", \"params\"}");
      }
      JsonNode params = json.hasNonNull("params") ? json.get("params") : JsonNodeFactory.instance.objectNode();
      return new Request(text(json, "type"), text(json, "dataset"), params);
    }

    private static String text(JsonNode json, String field) {
      JsonNode value = json.get(field);
      if (value == null || !value.isTextual() || value.asText().isEmpty()) {
        throw new IllegalArgumentException("\"" + field + "\" must be a non-empty string");
      }
      return value.asText();
    }
  }

  private Route queueAvailable(Supplier<Route> inner) {
    CompletionStage<Boolean> available = jobs.checkQueue().handleAsync((ok, error) -> error == null, SAME_THREAD);
    return onSuccess(available, ok -> ok ? inner.get() : complete(ErrorResponses.unavailable("queue_unavailable",
        "The task queue (Kafka) is unavailable; try again later", RETRY_AFTER)));
  }

  private Route reserveAndSubmit(Tenant tenant, Request request, DatasetManifest dataset) {
    String job = UUID.randomUUID().toString();
    int limit = jobs.settings().backlogPerTenant();
    CompletionStage<TenantBacklog.Reservation> reserved = backlog(tenant)
        .ask(replyTo -> new TenantBacklog.Reserve(job, limit, replyTo), jobs.settings().askTimeout());
    return onSuccess(reserved, reservation -> {
      if (!reservation.accepted()) {
        return complete(ErrorResponses.error(StatusCodes.TOO_MANY_REQUESTS, ApiError.of("backlog_full",
            "This tenant has " + reservation.unfinished() + " unfinished jobs, the most allowed "
                + "(atrium.jobs.backlog-per-tenant); submit again when one has ended",
            Map.of("unfinished", reservation.unfinished())), List.of(RetryAfter.create(RETRY_AFTER.toSeconds()))));
      }
      JobSpec spec = new JobSpec(tenant.id(), job, request.type(), request.params().toString(), dataset.id(),
          dataset.schema(), dataset.chunks());
      CompletionStage<JobView> submitted = this.<JobView>ask(tenant, job, replyTo -> new JobCommand.Submit(spec, replyTo))
          .whenComplete((view, error) -> {
            // No answer: the job may not exist, and then nothing would ever free its place. (If it
            // does exist, its end frees the place again, harmlessly.)
            if (error != null) {
              backlog(tenant).tell(new TenantBacklog.Release(job));
            }
          });
      return onSuccess(submitted, view -> complete(HttpResponse.create()
          .withStatus(StatusCodes.ACCEPTED)
          .addHeader(Location.create("/v1/jobs/" + job))
          .withEntity(ContentTypes.APPLICATION_JSON, JobJson.bytes(new Submitted(job)))));
    });
  }

  private EntityRef<TenantBacklog.Command> backlog(Tenant tenant) {
    return sharding.entityRefFor(TenantBacklog.ENTITY_KEY, TenantBacklog.entityId(tenant));
  }

  private Route withJob(Tenant tenant, String job, Function<ActorRef<Optional<JobView>>, JobCommand> command,
      Function<JobView, Route> found) {
    return onSuccess(ask(tenant, job, command), view -> view.map(found).orElseGet(() -> notFound(job)));
  }

  private Route result(Tenant tenant, String job) {
    return withJob(tenant, job, JobCommand.Get::new, view -> {
      if (view.status() != JobStatus.SUCCEEDED) {
        return complete(ErrorResponses.error(StatusCodes.CONFLICT, ApiError.of("no_result",
            "Job " + job + " is " + view.status().label() + "; a result exists once it has succeeded",
            Map.of("status", view.status().label())), List.of()));
      }
      return onSuccess(jobs.partials().result(tenant, job), result -> result
          .map(value -> complete(HttpResponse.create().withStatus(StatusCodes.OK)
              .withEntity(ContentTypes.APPLICATION_JSON, JobJson.bytes(value))))
          .orElseGet(() -> notFound(job)));
    });
  }

  /** One event per change of status or progress, the last one when the job has ended. */
  private Route events(Tenant tenant, String job) {
    return withJob(tenant, job, JobCommand.Get::new, first -> {
      Source<ServerSentEvent, NotUsed> events = Source.tick(Duration.ZERO, jobs.settings().eventsInterval(), "tick")
          .mapAsync(1, tick -> ask(tenant, job, JobCommand.Get::new))
          .takeWhile(Optional::isPresent)
          .map(Optional::get)
          .takeWhile(view -> !view.status().isFinal(), true)
          .statefulMap(() -> "",
              (last, view) -> {
                String progress = view.status() + "/" + view.chunksDone();
                return Pair.create(progress, progress.equals(last) ? Optional.<JobView>empty() : Optional.of(view));
              },
              last -> Optional.empty())
          .filter(Optional::isPresent)
          .map(view -> ServerSentEvent.create(JobJson.text(view.get()), view.get().status().isFinal() ? "end" : "progress"))
          .keepAlive(KEEP_ALIVE, ServerSentEvent::heartbeat)
          .mapMaterializedValue(cancellable -> NotUsed.getInstance());
      return completeOK(events, EventStreamMarshalling.toEventStream());
    });
  }

  private <T> CompletionStage<T> ask(Tenant tenant, String job, Function<ActorRef<T>, JobCommand> command) {
    CompletionStage<T> answer = sharding.entityRefFor(JobEntity.ENTITY_KEY, JobSpec.entityId(tenant, job))
        .ask(command::apply, jobs.settings().askTimeout());
    // Re-expose on a plain future: the entity's stage is Scala-backed (see the edge's hot-path rule).
    CompletableFuture<T> plain = new CompletableFuture<>();
    answer.whenCompleteAsync((value, error) -> {
      if (error == null) {
        plain.complete(value);
      } else {
        plain.completeExceptionally(error);
      }
    }, SAME_THREAD);
    return plain;
  }

  private Route notFound(String job) {
    return complete(ErrorResponses.error(StatusCodes.NOT_FOUND, "not_found", "No job '" + job + "'"));
  }
}
