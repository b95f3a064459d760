package io.atrium.edge.compute;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.atrium.edge.Json;
import io.atrium.edge.errors.ErrorResponses;
import io.atrium.sharding.compute.Fault;
import io.atrium.sharding.compute.Faults;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ops/faults} (admin; only with {@code atrium.faults.enabled}): the fault this node's compute
 * workers apply. {@code POST} sets it, {@code GET} shows it, {@code DELETE} clears it.
 */
final class FaultRoutes extends AllDirectives {

  private static final Logger LOG = LoggerFactory.getLogger(FaultRoutes.class);

  /**
   * The body of {@code POST /ops/faults}; absent fields take their default: no latency, no burn, no
   * errors, every message affected.
   */
  record FaultRequest(Long latencyMs, Long cpuBurnMs, Double errorRate, Double probability) {

    Fault fault() {
      return new Fault(orZero(latencyMs), orZero(cpuBurnMs), errorRate == null ? 0 : errorRate,
          probability == null ? 1 : probability);
    }

    private static long orZero(Long value) {
      return value == null ? 0 : value;
    }
  }

  /** The answer of every method: this node and its fault now. */
  record FaultView(String node, Fault fault) {}

  private final Faults faults;
  private final String node;

  /** @param node this node's address, named in every answer */
  FaultRoutes(Faults faults, String node) {
    this.faults = faults;
    this.node = node;
  }

  public Route route() {
    return pathPrefix("ops", () -> path("faults", () -> concat(
        get(this::current),
        post(() -> entity(Unmarshaller.entityToString(), this::set)),
        delete(() -> {
          faults.clear();
          LOG.warn("Fault injection cleared on this node's compute workers");
          return current();
        }))));
  }

  private Route set(String body) {
    Fault fault;
    try {
      FaultRequest request = Json.MAPPER.readValue(body, FaultRequest.class);
      if (request == null) {
        throw new IllegalArgumentException("the body must be a JSON object");
      }
      fault = request.fault();
    } catch (JsonProcessingException e) {
      return complete(ErrorResponses.error(StatusCodes.BAD_REQUEST, "invalid_fault",
          "Send {\"latencyMs\",\"cpuBurnMs\",\"errorRate\",\"probability\"}: " + e.getOriginalMessage()));
    } catch (IllegalArgumentException e) {
      return complete(ErrorResponses.error(StatusCodes.BAD_REQUEST, "invalid_fault", e.getMessage()));
    }
    faults.set(fault);
    LOG.warn("Fault injected into this node's compute workers: {}", fault);
    return current();
  }

  private Route current() {
    return complete(StatusCodes.OK, new FaultView(node, faults.current()), Json.marshaller());
  }
}
