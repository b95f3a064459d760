package io.atrium.edge.metrics;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Metric;
import com.codahale.metrics.Timer;
import com.datastax.oss.driver.api.core.metrics.DefaultSessionMetric;
import com.datastax.oss.driver.api.core.metrics.Metrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Latency of the Cassandra journal, from the driver's own request metrics on the journal's session
 * (switched on in persistence's {@code atrium-defaults.conf}): every CQL request of that session —
 * event writes, recoveries, snapshots, the read sides that share it. Nothing is timed in the
 * entities: the driver times each request it sends (one histogram record), and this reads its
 * histograms at scrape time. The driver keeps them in Dropwizard form (its default metrics factory);
 * they are bridged here rather than switching the driver to its Micrometer factory, which would need
 * another artifact and a custom session provider to hand it the registry.
 */
final class JournalMetrics {

  private static final double NANOS_PER_SECOND = 1e9;
  private static final Map<String, Double> QUANTILES = Map.of("0.5", 0.5, "0.9", 0.9, "0.99", 0.99, "0.999", 0.999);

  /** The session's metrics once it is connected; until then the quantiles read NaN and the counts 0. */
  private final AtomicReference<Metrics> metrics = new AtomicReference<>();

  private JournalMetrics() {}

  /** Registers the meters; call {@link #connected} with the session's metrics once it exists. */
  static JournalMetrics bind(MeterRegistry registry) {
    JournalMetrics journal = new JournalMetrics();
    QUANTILES.forEach((label, quantile) -> Gauge.builder("atrium.cassandra.request.latency", journal,
            j -> j.requests().map(t -> t.getSnapshot().getValue(quantile) / NANOS_PER_SECOND).orElse(Double.NaN))
        .description("Latency quantile of CQL requests on the journal's session (driver histogram, refreshed "
            + "every datastax-java-driver.advanced.metrics.session.cql-requests.refresh-interval)")
        .baseUnit("seconds").tag("quantile", label).strongReference(true).register(registry));
    journal.counter(registry, "atrium.cassandra.requests", "CQL requests on the journal's session",
        DefaultSessionMetric.CQL_REQUESTS);
    journal.counter(registry, "atrium.cassandra.client.timeouts",
        "CQL requests on the journal's session that timed out in the driver", DefaultSessionMetric.CQL_CLIENT_TIMEOUTS);
    return journal;
  }

  void connected(Optional<Metrics> sessionMetrics) {
    sessionMetrics.ifPresent(metrics::set);
  }

  private Optional<Timer> requests() {
    return metric(DefaultSessionMetric.CQL_REQUESTS).map(Timer.class::cast);
  }

  private Optional<Metric> metric(DefaultSessionMetric which) {
    Metrics current = metrics.get();
    return current == null ? Optional.empty() : current.getSessionMetric(which);
  }

  private void counter(MeterRegistry registry, String name, String description, DefaultSessionMetric which) {
    ToDoubleFunction<JournalMetrics> count =
        j -> j.metric(which).map(m -> (double) ((Counting) m).getCount()).orElse(0.0);
    FunctionCounter.builder(name, this, count).description(description).register(registry);
  }
}
