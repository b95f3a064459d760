package io.atrium.edge.metrics;

import io.atrium.edge.traffic.LoadReport;
import io.atrium.edge.traffic.LoadReport.Latency;
import io.atrium.edge.traffic.LoadReport.Rates;
import io.atrium.edge.traffic.TrafficControl;
import io.atrium.edge.traffic.TrafficTotals;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The edge's traffic figures as meters. Requests are recorded once, by the edge's own meter; this
 * reads that meter's state once per scrape ({@link #refresh}) and every meter here reads the
 * snapshot, so one scrape is consistent and the request path does no extra work. Routes, tenants and
 * statuses appear in the meter over time; their meters are registered on the first scrape that sees them.
 */
final class TrafficMetrics {

  private static final String WINDOW = "window";
  private static final Map<String, ToDoubleFunction<Rates>> RATE_WINDOWS =
      Map.of("1s", Rates::oneSecond, "10s", Rates::tenSeconds, "60s", Rates::sixtySeconds);
  private static final Map<String, ToDoubleFunction<Latency>> QUANTILES =
      Map.of("0.5", Latency::p50, "0.9", Latency::p90, "0.99", Latency::p99, "0.999", Latency::p999);
  private static final double MICROS_PER_MILLI = 1e3;
  private static final double MICROS_PER_SECOND = 1e6;

  /** A scrape's view of the meter. */
  private record Snapshot(LoadReport report, TrafficTotals totals) {}

  private final TrafficControl traffic;
  private final MeterRegistry registry;
  private final Set<String> registered = new HashSet<>();
  private volatile Snapshot snapshot;

  TrafficMetrics(TrafficControl traffic, MeterRegistry registry) {
    this.traffic = traffic;
    this.registry = registry;
    refresh();
    Gauge.builder("atrium.edge.in.flight", this, m -> m.snapshot.report().inFlight())
        .description("Admitted service requests not yet answered").strongReference(true).register(registry);
    rateGauges("atrium.edge.arrival.rate", "Arrival rate λ of service requests, per second", Tags.empty(),
        s -> s.report().lambda());
    rateGauges("atrium.edge.completion.rate", "Completion rate Q of admitted service requests, per second",
        Tags.empty(), s -> s.report().completed());
  }

  /** Reads the meter; registers meters for routes, tenants and outcomes seen for the first time. */
  synchronized void refresh() {
    Snapshot next = new Snapshot(traffic.report(), traffic.totals());
    snapshot = next;
    LoadReport report = next.report();
    if (report.concurrencyLimit() != null && registered.add("limit")) {
      Gauge.builder("atrium.edge.concurrency.limit", this, m -> orNaN(m.snapshot.report().concurrencyLimit()))
          .description("Current adaptive admission limit (concurrent service requests)")
          .strongReference(true).register(registry);
    }
    report.shed().keySet().forEach(reason -> outcomeCounter("atrium.edge.shed", "reason", reason,
        "Service requests turned away (overloaded) or cut off (timeout)", LoadReport::shed));
    report.rejected().keySet().forEach(status -> outcomeCounter("atrium.edge.rejected", "status", status,
        "Service requests answered with a client error (4xx)", LoadReport::rejected));
    report.errors().keySet().forEach(status -> outcomeCounter("atrium.edge.errors", "status", status,
        "Service requests answered with a server error (5xx other than shedding)", LoadReport::errors));
    report.routes().keySet().forEach(route -> {
      if (registered.add("route:" + route)) {
        registerRoute(route);
      }
    });
    report.tenants().keySet().forEach(tenant -> {
      if (registered.add("tenant:" + tenant)) {
        registerTenant(tenant);
      }
    });
  }

  private void registerRoute(String route) {
    flowMeters("route", "route template", Tags.of("route", route),
        s -> s.report().routes().get(route).lambda(), s -> s.report().routes().get(route).completed(),
        s -> s.totals().routes().get(route));
    latencyGauges(route, "10s", s -> s.report().routes().get(route).latency().tenSeconds());
    latencyGauges(route, "60s", s -> s.report().routes().get(route).latency().sixtySeconds());
  }

  private void registerTenant(String tenant) {
    flowMeters("tenant", "tenant", Tags.of("tenant", tenant),
        s -> s.report().tenants().get(tenant).lambda(), s -> s.report().tenants().get(tenant).completed(),
        s -> s.totals().tenants().get(tenant));
  }

  /** λ and Q over the windows, and the totals, of one route or tenant ({@code scope}). */
  private void flowMeters(String scope, String per, Tags tags, Function<Snapshot, Rates> lambda,
      Function<Snapshot, Rates> completed, Function<Snapshot, TrafficTotals.Count> totals) {
    String prefix = "atrium.edge." + scope;
    rateGauges(prefix + ".arrival.rate", "Arrival rate λ per " + per + ", per second", tags, lambda);
    rateGauges(prefix + ".completion.rate", "Completion rate Q per " + per + ", per second", tags, completed);
    totalCounter(prefix + ".arrivals", "Service requests arrived, per " + per, tags,
        s -> totals.apply(s).arrived());
    totalCounter(prefix + ".completions", "Admitted service requests answered, per " + per, tags,
        s -> totals.apply(s).completed());
  }

  private void rateGauges(String name, String description, Tags tags,
      Function<Snapshot, Rates> rates) {
    RATE_WINDOWS.forEach((window, pick) -> Gauge.builder(name, this, m -> pick.applyAsDouble(rates.apply(m.snapshot)))
        .description(description).tags(tags.and(WINDOW, window)).strongReference(true).register(registry));
  }

  private void latencyGauges(String route, String window, Function<Snapshot, Latency> latency) {
    Tags tags = Tags.of("route", route, WINDOW, window);
    QUANTILES.forEach((quantile, pick) -> Gauge.builder("atrium.edge.route.latency", this,
            m -> seconds(pick.applyAsDouble(latency.apply(m.snapshot))))
        .description("Latency quantile of service requests per route template over a sliding window (HdrHistogram)")
        .baseUnit("seconds").tags(tags.and("quantile", quantile)).strongReference(true).register(registry));
    Gauge.builder("atrium.edge.route.latency.max", this, m -> seconds(latency.apply(m.snapshot).max()))
        .description("Longest service request per route template over a sliding window")
        .baseUnit("seconds").tags(tags).strongReference(true).register(registry);
    Gauge.builder("atrium.edge.route.latency.samples", this, m -> latency.apply(m.snapshot).count())
        .description("Requests the latency quantiles of the window are computed from")
        .tags(tags).strongReference(true).register(registry);
  }

  private void totalCounter(String name, String description, Tags tags, ToDoubleFunction<Snapshot> total) {
    FunctionCounter.builder(name, this, m -> total.applyAsDouble(m.snapshot))
        .description(description).tags(tags).register(registry);
  }

  private void outcomeCounter(String name, String tag, String value, String description,
      Function<LoadReport, Map<String, Long>> counts) {
    if (registered.add(name + ":" + value)) {
      FunctionCounter.builder(name, this, m -> counts.apply(m.snapshot.report()).getOrDefault(value, 0L))
          .description(description).tags(tag, value).register(registry);
    }
  }

  /** The report's milliseconds (microsecond resolution) in seconds, without float noise in the exposition. */
  private static double seconds(double millis) {
    return Math.round(millis * MICROS_PER_MILLI) / MICROS_PER_SECOND;
  }

  private static double orNaN(Integer value) {
    return value == null ? Double.NaN : value;
  }
}
