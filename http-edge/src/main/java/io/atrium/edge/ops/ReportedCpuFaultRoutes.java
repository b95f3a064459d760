package io.atrium.edge.ops;

import io.atrium.edge.Json;
import io.atrium.edge.errors.ErrorResponses;
import io.atrium.sharding.load.LoadSources;
import java.util.OptionalDouble;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT /ops/faults/report-cpu} ({@code {"cpu": 0.95}}) makes this node report that process CPU
 * instead of the measured one; {@code DELETE} reports the measured one again. For tests and
 * benchmarks of load-aware placement: served only when {@code atrium.faults.enabled = true}.
 */
public final class ReportedCpuFaultRoutes extends AllDirectives {

  private static final Logger LOG = LoggerFactory.getLogger(ReportedCpuFaultRoutes.class);

  /** Request body of {@code PUT /ops/faults/report-cpu}. */
  public record ReportCpu(Double cpu) {}

  private final LoadSources sources;

  public ReportedCpuFaultRoutes(LoadSources sources) {
    this.sources = sources;
  }

  public Route route() {
    return pathPrefix("ops", () -> pathPrefix("faults", () -> path("report-cpu", () -> concat(
        put(() -> entity(Jackson.unmarshaller(Json.MAPPER, ReportCpu.class), this::reportCpu)),
        delete(() -> set(OptionalDouble.empty()))))));
  }

  private Route reportCpu(ReportCpu request) {
    Double cpu = request.cpu();
    if (cpu == null || !(cpu >= 0 && cpu <= 1)) {
      return complete(ErrorResponses.error(StatusCodes.BAD_REQUEST, "invalid_request",
          "Send {\"cpu\": <0..1>}"));
    }
    return set(OptionalDouble.of(cpu));
  }

  private Route set(OptionalDouble cpu) {
    LOG.warn("Fault injection: this node now reports process CPU {}",
        cpu.isPresent() ? cpu.getAsDouble() : "as measured");
    sources.processCpuFault(cpu);
    return complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT));
  }
}
