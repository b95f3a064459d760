package io.atrium.edge.traffic;

import io.atrium.edge.ratelimit.RateLimitDecision;
import io.atrium.edge.traffic.AdmissionControl.Permit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request on its way through the edge. It ends exactly once — with the response the client gets,
 * or with the request timeout, whichever comes first — and that end releases its permit, settles the
 * meter and writes the access-log line. A route that answers after its timeout changes nothing.
 */
final class Exchange {

  private enum Admission { NOT_METERED, ADMITTED, SHED, RATE_LIMITED }

  final String requestId;
  final String method;
  final String route;
  final String tenant;
  private final long startNanos;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Admission admission = Admission.NOT_METERED;
  private volatile Permit permit;
  /** The tenant's rate-limit state when this request passed; null when rate limiting is off. */
  volatile RateLimitDecision rateLimit;

  Exchange(String requestId, String method, String route, String tenant, long startNanos) {
    this.requestId = requestId;
    this.method = method;
    this.route = route;
    this.tenant = tenant;
    this.startNanos = startNanos;
  }

  void admitted(Permit permit) {
    this.permit = permit;
    this.admission = Admission.ADMITTED;
  }

  void shed() {
    this.admission = Admission.SHED;
  }

  void rateLimited() {
    this.admission = Admission.RATE_LIMITED;
  }

  /**
   * Ends the exchange with the client's status; false if it had already ended.
   *
   * @param timedOut whether the status is the request timeout's rather than the route's
   */
  boolean end(int status, boolean timedOut, TrafficMeter meter, AccessLog log) {
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    long latencyNanos = System.nanoTime() - startNanos;
    switch (admission) {
      case SHED -> meter.overloaded();
      case RATE_LIMITED -> meter.rateLimited();
      case ADMITTED -> settle(status, timedOut, latencyNanos, meter);
      case NOT_METERED -> { }
    }
    log.write(this, status, latencyNanos);
    return true;
  }

  private void settle(int status, boolean timedOut, long latencyNanos, TrafficMeter meter) {
    // The request timeout says the node is past its capacity. A service's 5xx (an entity that did not
    // answer, typically on a node that just crashed) says nothing about this node's capacity, nor
    // does a stalled request (Permit.succeeded); 4xx are the client's doing.
    if (timedOut) {
      permit.dropped();
    } else if (status >= 500) {
      permit.ignored();
    } else {
      permit.succeeded(latencyNanos);
    }
    if (timedOut) {
      meter.timedOut(route, latencyNanos);
    } else {
      meter.completed(route, tenant, status, latencyNanos);
    }
  }
}
