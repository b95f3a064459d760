package io.atrium.edge.traffic;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the {@code atrium.access} logger, in key=value form so that it reads well
 * as text and parses without a pattern; the same fields go as SLF4J key/value pairs, which the JSON
 * encoder writes as fields. The raw path is left out: it carries record keys, which may be personal.
 */
final class AccessLog {

  static final String LOGGER = "atrium.access";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private final boolean enabled;

  AccessLog(boolean enabled) {
    this.enabled = enabled;
  }

  void write(Exchange exchange, int status, long latencyNanos) {
    if (!enabled || !LOG.isInfoEnabled()) {
      return;
    }
    String latencyMs = String.format(Locale.ROOT, "%.3f", latencyNanos / 1_000_000.0);
    LOG.atInfo()
        .addKeyValue("method", exchange.method)
        .addKeyValue("route", exchange.route)
        .addKeyValue("status", status)
        .addKeyValue("latencyMs", latencyMs)
        .addKeyValue("tenant", exchange.tenant)
        .addKeyValue("requestId", exchange.requestId)
        .log("method={} route={} status={} latencyMs={} tenant={} requestId={}",
            exchange.method, exchange.route, status, latencyMs, exchange.tenant, exchange.requestId);
  }
}
