package io.atrium.edge.traffic;

import io.atrium.edge.traffic.LoadReport.Latencies;
import io.atrium.edge.traffic.LoadReport.Latency;
import io.atrium.edge.traffic.LoadReport.Rates;
import io.atrium.edge.traffic.LoadReport.RouteLoad;
import io.atrium.edge.traffic.LoadReport.TenantLoad;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Counts what happens to service requests: arrivals (λ), completions (Q), in-flight, latency per
 * route, and what was shed or rejected. Per node, per route template and per tenant; the keys are
 * bounded (route templates and tenants), never raw paths.
 */
public final class TrafficMeter {

  public static final String OVERLOADED = "overloaded";
  public static final String TIMEOUT = "timeout";
  public static final String RATE_LIMITED = "rate-limited";

  private final LongSupplier clockMillis;
  private final Flow node = new Flow();
  private final ConcurrentMap<String, RouteFlow> routes = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Flow> tenants = new ConcurrentHashMap<>();
  private final LongAdder inFlight = new LongAdder();
  private final ConcurrentMap<String, LongAdder> shed = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> rejected = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> errors = new ConcurrentHashMap<>();

  /** @param clockMillis a monotonic millisecond clock (tests pass one they move by hand) */
  public TrafficMeter(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
    shed.put(OVERLOADED, new LongAdder());
    shed.put(TIMEOUT, new LongAdder());
    shed.put(RATE_LIMITED, new LongAdder());
  }

  /** A monotonic clock: wall-clock jumps must not move requests between windows. */
  public static TrafficMeter monotonic() {
    return new TrafficMeter(() -> System.nanoTime() / 1_000_000);
  }

  public void arrived(String route, String tenant) {
    long now = clockMillis.getAsLong();
    node.arrivals.increment(now);
    route(route).flow.arrivals.increment(now);
    tenant(tenant).arrivals.increment(now);
  }

  public void admitted() {
    inFlight.increment();
  }

  /** An admitted request was answered by the service, with any status. */
  public void completed(String route, String tenant, int status, long latencyNanos) {
    long now = clockMillis.getAsLong();
    inFlight.decrement();
    node.completions.increment(now);
    RouteFlow flow = route(route);
    flow.flow.completions.increment(now);
    flow.latency.record(now, latencyNanos / 1_000);
    tenant(tenant).completions.increment(now);
    if (status >= 500) {
      count(errors, Integer.toString(status));
    } else if (status >= 400) {
      count(rejected, Integer.toString(status));
    }
  }

  /** A request turned away before it ran. */
  public void overloaded() {
    count(shed, OVERLOADED);
  }

  /** A request refused because its tenant is over its rate limit (429). */
  public void rateLimited() {
    count(shed, RATE_LIMITED);
  }

  /** An admitted request cut off by the request timeout: shed, not completed, but its wait was real. */
  public void timedOut(String route, long latencyNanos) {
    inFlight.decrement();
    count(shed, TIMEOUT);
    route(route).latency.record(clockMillis.getAsLong(), latencyNanos / 1_000);
  }

  public long inFlight() {
    return inFlight.sum();
  }

  public LoadReport report(String nodeAddress, Integer concurrencyLimit) {
    long now = clockMillis.getAsLong();
    Map<String, RouteLoad> routeLoads = new TreeMap<>();
    routes.forEach((name, flow) -> routeLoads.put(name, new RouteLoad(
        flow.flow.arrivals(now), flow.flow.completions(now),
        new Latencies(latency(flow.latency.window(now, 10)), latency(flow.latency.window(now, 60))))));
    Map<String, TenantLoad> tenantLoads = new TreeMap<>();
    tenants.forEach((name, flow) -> tenantLoads.put(name, new TenantLoad(flow.arrivals(now), flow.completions(now))));
    return new LoadReport(nodeAddress, node.arrivals(now), node.completions(now), inFlight(), concurrencyLimit,
        totals(shed), totals(rejected), totals(errors), routeLoads, tenantLoads);
  }

  /** Arrivals and completions since start, per route and per tenant. */
  public TrafficTotals totals() {
    Map<String, TrafficTotals.Count> routeTotals = new TreeMap<>();
    routes.forEach((name, flow) -> routeTotals.put(name, flow.flow.totals()));
    Map<String, TrafficTotals.Count> tenantTotals = new TreeMap<>();
    tenants.forEach((name, flow) -> tenantTotals.put(name, flow.totals()));
    return new TrafficTotals(routeTotals, tenantTotals);
  }

  private RouteFlow route(String route) {
    return routes.computeIfAbsent(route, r -> new RouteFlow());
  }

  private Flow tenant(String tenant) {
    return tenants.computeIfAbsent(tenant, t -> new Flow());
  }

  private static void count(ConcurrentMap<String, LongAdder> counters, String key) {
    counters.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private static Map<String, Long> totals(Map<String, LongAdder> counters) {
    Map<String, Long> totals = new TreeMap<>();
    counters.forEach((key, adder) -> totals.put(key, adder.sum()));
    return totals;
  }

  private static Latency latency(Histogram histogram) {
    return new Latency(histogram.getTotalCount(),
        millis(histogram.getValueAtPercentile(50)), millis(histogram.getValueAtPercentile(90)),
        millis(histogram.getValueAtPercentile(99)), millis(histogram.getValueAtPercentile(99.9)),
        millis(histogram.getMaxValue()));
  }

  /** Microseconds to milliseconds, three decimals (the histogram's precision is coarser anyway). */
  private static double millis(long micros) {
    return micros / 1000.0;
  }

  /** Arrivals and completions of one node, route or tenant. */
  private static final class Flow {
    final SlidingCounter arrivals = new SlidingCounter();
    final SlidingCounter completions = new SlidingCounter();

    Rates arrivals(long now) {
      return rates(arrivals, now);
    }

    Rates completions(long now) {
      return rates(completions, now);
    }

    TrafficTotals.Count totals() {
      return new TrafficTotals.Count(arrivals.total(), completions.total());
    }

    private static Rates rates(SlidingCounter counter, long now) {
      return new Rates(rounded(counter.rate(now, 1)), rounded(counter.rate(now, 10)), rounded(counter.rate(now, 60)));
    }

    private static double rounded(double rate) {
      return Math.round(rate * 1000) / 1000.0;
    }
  }

  private static final class RouteFlow {
    final Flow flow = new Flow();
    final LatencyWindows latency = new LatencyWindows();
  }
}
