package io.atrium.sharding.compute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.sharding.compute.ComputeReply.Computed;
import io.atrium.sharding.compute.ComputeReply.Failed;
import io.atrium.sharding.compute.ComputeReply.Rejected;
import io.atrium.sharding.jobs.JobResult;
import io.atrium.sharding.jobs.JobTypes;
import io.atrium.sharding.jobs.aggregate.TooManyGroupsException;
import io.atrium.sharding.jobs.rows.ChunkRows;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import io.atrium.sharding.jobs.rows.MalformedRowException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One compute worker: runs a job type over a request's rows, one request at a time, on its own
 * thread (the pool's pinned dispatcher), so CPU-heavy work never holds the default dispatcher. It
 * applies this node's injected {@link Fault} first, and records its service time and outcome.
 */
final class ComputeWorker {

  private static final Logger LOG = LoggerFactory.getLogger(ComputeWorker.class);
  // Plain Jackson renders a JobResult as the client's JSON (see JobResult); thread-safe once built.
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JobTypes types;
  private final Faults faults;
  private final PoolMeter meter;
  private final String node;

  private ComputeWorker(JobTypes types, Faults faults, PoolMeter meter, String node) {
    this.types = types;
    this.faults = faults;
    this.meter = meter;
    this.node = node;
  }

  /** @param node this node's address, named in every result */
  static Behavior<ComputeRequest> create(JobTypes types, Faults faults, PoolMeter meter, String node) {
    ComputeWorker worker = new ComputeWorker(types, faults, meter, node);
    return Behaviors.receiveMessage(request -> {
      long start = System.nanoTime();
      ComputeReply reply = worker.handle(request);
      meter.record(System.nanoTime() - start, reply instanceof Failed);
      request.replyTo().tell(reply);
      return Behaviors.same();
    });
  }

  private ComputeReply handle(ComputeRequest request) {
    Fault fault = faults.current();
    if (!fault.isNone() && ThreadLocalRandom.current().nextDouble() < fault.probability()) {
      if (inject(fault)) {
        return new Failed(false, "injected fault");
      }
    }
    try {
      JobResult result = types.compute(request.type(), JSON.readTree(request.params()),
          ChunkRows.of(DatasetSchema.ndjson(), 1, request.rows()));
      return new Computed(node, JSON.writeValueAsString(result));
    } catch (MalformedRowException e) {
      return new Rejected(Rejected.INVALID_ROW, e.getMessage());
    } catch (TooManyGroupsException e) {
      return new Rejected(Rejected.TOO_MANY_GROUPS, e.getMessage());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // Bad params (InvalidParamsException), or an unknown type; the edge checks both before routing.
      return new Rejected(Rejected.INVALID_PARAMS, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("Compute of type {} for tenant {} failed", request.type(), request.tenant(), e);
      return new Failed(false, "the compute failed: " + e.getClass().getSimpleName());
    }
  }

  /** Applies the fault's latency and CPU burn; true when the message is to fail. */
  private static boolean inject(Fault fault) {
    if (fault.latencyMs() > 0) {
      try {
        // Holding the worker is the point: it behaves like a slower machine and its queue grows.
        Thread.sleep(fault.latencyMs());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    long burnUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(fault.cpuBurnMs());
    while (System.nanoTime() < burnUntil) {
      // Busy on purpose: a CPU burn. Reading the clock is a call the JIT cannot drop.
    }
    return fault.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < fault.errorRate();
  }
}
