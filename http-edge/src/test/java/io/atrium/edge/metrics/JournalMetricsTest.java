package io.atrium.edge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metrics.DefaultSessionMetric;
import com.datastax.oss.driver.api.core.metrics.Metrics;
import com.datastax.oss.driver.api.core.metrics.NodeMetric;
import com.datastax.oss.driver.api.core.metrics.SessionMetric;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bridge from the Cassandra driver's request metrics, on a stand-in for a connected session's. */
class JournalMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MetricRegistry driver = new MetricRegistry();

  /** What the driver's Dropwizard factory hands out: its metrics by their configured path. */
  private final Metrics session = new Metrics() {
    @Override
    public MetricRegistry getRegistry() {
      return driver;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Metric> Optional<T> getSessionMetric(SessionMetric metric, String profileName) {
      return Optional.ofNullable((T) driver.getMetrics().get(metric.getPath()));
    }

    @Override
    public <T extends Metric> Optional<T> getNodeMetric(Node node, NodeMetric metric, String profileName) {
      return Optional.empty();
    }
  };

  private double gauge(String quantile) {
    return registry.get("atrium.cassandra.request.latency").tag("quantile", quantile).gauge().value();
  }

  private double count(String name) {
    return registry.get(name).functionCounter().count();
  }

  @Test
  void beforeTheSessionConnectsQuantilesAreUnknownAndCountsZero() {
    JournalMetrics.bind(registry);

    assertTrue(Double.isNaN(gauge("0.99")));
    assertEquals(0.0, count("atrium.cassandra.requests"));
    assertEquals(0.0, count("atrium.cassandra.client.timeouts"));
  }

  @Test
  void readsTheDriversRequestTimerAndTimeoutCounterInSeconds() {
    Timer requests = driver.timer(DefaultSessionMetric.CQL_REQUESTS.getPath());
    Counter timeouts = driver.counter(DefaultSessionMetric.CQL_CLIENT_TIMEOUTS.getPath());
    for (int i = 0; i < 99; i++) {
      requests.update(2, TimeUnit.MILLISECONDS);
    }
    requests.update(40, TimeUnit.MILLISECONDS);
    timeouts.inc(3);

    JournalMetrics journal = JournalMetrics.bind(registry);
    journal.connected(Optional.of(session));

    assertEquals(0.002, gauge("0.5"), 1e-9);
    assertEquals(0.040, gauge("0.999"), 1e-9);
    assertEquals(100.0, count("atrium.cassandra.requests"));
    assertEquals(3.0, count("atrium.cassandra.client.timeouts"));
  }
}
