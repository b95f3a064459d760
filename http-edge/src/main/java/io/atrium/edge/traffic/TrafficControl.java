package io.atrium.edge.traffic;

import io.atrium.edge.Json;
import io.atrium.edge.auth.Authentication;
import io.atrium.edge.errors.ErrorResponses;
import io.atrium.edge.errors.JsonErrorHandling;
import io.atrium.edge.ratelimit.RateLimitDecision;
import io.atrium.edge.ratelimit.RateLimitResponses;
import io.atrium.edge.ratelimit.RateLimiter;
import io.atrium.sharding.load.ClusterLoadView;
import io.atrium.sharding.load.EdgeLoad;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import scala.concurrent.ExecutionContext;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Complete;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.RouteResult;
import org.apache.pekko.http.javadsl.server.RouteResults;

/**
 * The edge's traffic handling: every request gets a request id and an access-log line; service
 * requests ({@code /v1/*}) are also metered, pass their tenant's rate limit and then admission
 * control; {@code GET /ops/load} shows the figures, this node's and the cluster's. Health and ops
 * routes are never shed, so probes and operators see a saturated node.
 */
public final class TrafficControl extends AllDirectives {

  /**
   * The tenant metered for requests without valid credentials. Not a valid tenant id (those start
   * with a letter or digit), so it never mixes with a real tenant's figures.
   */
  public static final String ANONYMOUS_TENANT = "_anonymous";

  private static final AttributeKey<Exchange> EXCHANGE = AttributeKey.create("atrium-exchange", Exchange.class);

  private final AdmissionControl admission;
  private final TrafficMeter meter;
  private final AccessLog accessLog;
  private final Duration retryAfter;
  private final String node;
  private final Function<HttpRequest, String> tenantOf;
  private final RateLimiter rateLimiter;
  private final ClusterLoadView clusterLoad;

  /**
   * @param node this node's address, as {@code /ops/load} names it
   * @param retryAfter the {@code Retry-After} advice on 503s
   */
  public TrafficControl(AdmissionControl admission, TrafficMeter meter, boolean accessLog, Duration retryAfter,
      String node) {
    this(admission, meter, accessLog, retryAfter, node, RateLimiter.off(), null);
  }

  /**
   * @param clusterLoad the cluster's load reports for {@code /ops/load}; null: this node's figures only
   */
  public TrafficControl(AdmissionControl admission, TrafficMeter meter, boolean accessLog, Duration retryAfter,
      String node, RateLimiter rateLimiter, ClusterLoadView clusterLoad) {
    this.rateLimiter = rateLimiter;
    this.clusterLoad = clusterLoad;
    this.admission = admission;
    this.meter = meter;
    this.accessLog = new AccessLog(accessLog);
    this.retryAfter = retryAfter;
    this.node = node;
    // Authentication (outside observe) has attached the caller; see EdgeRoutes.
    this.tenantOf = request -> Authentication.principal(request).map(p -> p.tenant().id()).orElse(ANONYMOUS_TENANT);
  }

  public static TrafficControl create(TrafficSettings settings, Duration retryAfter, String node,
      ClusterLoadView clusterLoad) {
    return new TrafficControl(AdmissionControl.create(settings.admission()), TrafficMeter.monotonic(),
        settings.accessLog(), retryAfter, node, RateLimiter.create(settings.rateLimit(), clusterLoad), clusterLoad);
  }

  /**
   * Wraps all of the edge's routes. {@code seal} turns rejections and exceptions into responses; it
   * runs inside, so the status logged and metered is the one the client gets, and the request
   * timeout's answer (installed innermost, where it wins) carries the request id too.
   */
  public Route observe(UnaryOperator<Route> seal, Route routes) {
    return extractRequest(request -> {
      Exchange exchange = start(request);
      return mapRequest(r -> r.addAttribute(EXCHANGE, exchange), () ->
          mapRouteResultFuture(result -> ended(exchange, result), () ->
              seal.apply(withRequestTimeoutResponse(timedOut(exchange), () -> routes))));
    });
  }

  /**
   * Metering, the tenant's rate limit, then admission control for the service routes (a request over
   * its tenant's limit never takes a concurrency permit); anything outside {@code /v1} passes by.
   * Must run inside {@link #observe}, which owns the request's {@link Exchange}.
   */
  public Route admit(Route services) {
    return extractRequest(request -> {
      if (!RouteTemplates.isService(request.getUri().path())) {
        return reject();
      }
      return attribute(EXCHANGE, exchange -> {
        meter.arrived(exchange.route, exchange.tenant);
        Optional<RateLimitDecision> refused = refusedByRateLimit(exchange);
        if (refused.isPresent()) {
          return complete(RateLimitResponses.tooManyRequests(refused.get()));
        }
        return admission.tryAcquire()
            .map(permit -> {
              exchange.admitted(permit);
              meter.admitted();
              return services;
            })
            .orElseGet(() -> {
              exchange.shed();
              return complete(ErrorResponses.unavailable(TrafficMeter.OVERLOADED,
                  "The node is at its concurrency limit; retry shortly, here or at another node", retryAfter));
            });
      });
    });
  }

  /**
   * Gives back the slots of admitted requests stalled for longer than the stall threshold (see
   * {@link AdmissionControl#releaseStalled()}) every quarter of that threshold, until the system stops.
   */
  public void releaseStalledPermits(Scheduler scheduler, Duration stallThreshold, ExecutionContext executor) {
    Duration every = stallThreshold.dividedBy(4);
    scheduler.scheduleWithFixedDelay(every, every, admission::releaseStalled, executor);
  }

  /** Admits over the limit during handovers: see {@link AdmissionControl} and {@link HandoverWatch}. */
  public void watchHandovers(ActorSystem<?> system) {
    HandoverWatch.start(system, admission);
  }

  /** Takes a token from the tenant's bucket: the refusal if over the limit, else empty. */
  private Optional<RateLimitDecision> refusedByRateLimit(Exchange exchange) {
    Optional<RateLimitDecision> decision = rateLimiter.tryAcquire(exchange.tenant);
    if (decision.isPresent() && !decision.get().allowed()) {
      exchange.rateLimited();
      return decision;
    }
    exchange.rateLimit = decision.orElse(null);
    return Optional.empty();
  }

  /** {@code GET /ops/load}: this node's traffic figures and the cluster's load reports. */
  public Route loadRoute() {
    return pathPrefix("ops", () -> path("load", () -> get(() ->
        complete(StatusCodes.OK, opsLoad(), Json.marshaller()))));
  }

  public LoadReport report() {
    return meter.report(node, admission.limit().isPresent() ? admission.limit().getAsInt() : null);
  }

  /** The edge's part of this node's load report (see {@code io.atrium.sharding.load}). */
  public EdgeLoad edgeLoad() {
    return EdgeLoads.of(report());
  }

  private OpsLoad opsLoad() {
    Map<String, RateLimiter.TenantRate> rates = rateLimiter.rates();
    return new OpsLoad(report(), admission.admittedInHandover(), clusterLoad == null ? null : OpsLoad.ClusterSection.of(clusterLoad.clusterLoad()),
        rates.isEmpty() ? null : rates);
  }

  /** Requests since start, per route and tenant, for {@code /metrics}. */
  public TrafficTotals totals() {
    return meter.totals();
  }

  private Exchange start(HttpRequest request) {
    String path = request.getUri().path();
    String method = request.method().value();
    return new Exchange(
        RequestIds.acceptOrGenerate(request.getHeader(RequestIds.HEADER).map(h -> h.value())),
        method, RouteTemplates.of(method, path), tenantOf.apply(request), System.nanoTime());
  }

  private Function<HttpRequest, HttpResponse> timedOut(Exchange exchange) {
    return request -> {
      HttpResponse response = JsonErrorHandling.requestTimedOut(retryAfter);
      exchange.end(response.status().intValue(), true, meter, accessLog);
      return withRequestId(response, exchange);
    };
  }

  private CompletionStage<RouteResult> ended(Exchange exchange, CompletionStage<RouteResult> result) {
    // An explicit executor, never plain handle(): the route result is Scala's CompletableFuture view,
    // which turns handle() into handleAsync() on the common pool, and with fewer than 3 cores the
    // JDK backs that with a new thread per call: one thread start per request (measured: 4x slower).
    return result.<RouteResult>handleAsync((routeResult, error) -> {
      if (error != null) {
        // The routes are sealed, so this is a bug; the server will answer 500.
        exchange.end(StatusCodes.INTERNAL_SERVER_ERROR.intValue(), false, meter, accessLog);
        throw error instanceof CompletionException completion ? completion : new CompletionException(error);
      }
      if (routeResult instanceof Complete complete) {
        exchange.end(complete.getResponse().status().intValue(), false, meter, accessLog);
        return RouteResults.complete(withRequestId(withRateLimit(complete.getResponse(), exchange), exchange));
      }
      // A rejection escaped the seal: the server's default handler will answer 404.
      exchange.end(StatusCodes.NOT_FOUND.intValue(), false, meter, accessLog);
      return routeResult;
    }, SAME_THREAD);
  }

  /** Runs a cheap callback on the thread that completed the future. */
  private static final Executor SAME_THREAD = Runnable::run;

  private static HttpResponse withRateLimit(HttpResponse response, Exchange exchange) {
    RateLimitDecision decision = exchange.rateLimit;
    return decision == null ? response : RateLimitResponses.withHeaders(response, decision);
  }

  private static HttpResponse withRequestId(HttpResponse response, Exchange exchange) {
    return response.addHeader(RawHeader.create(RequestIds.HEADER, exchange.requestId));
  }
}
