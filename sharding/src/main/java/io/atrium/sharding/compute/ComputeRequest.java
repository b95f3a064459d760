package io.atrium.sharding.compute;

import io.atrium.persistence.serialization.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One synchronous compute: job type {@code type} with {@code params} over the NDJSON {@code rows},
 * done by whichever compute worker in the cluster the node's router picks.
 *
 * @param tenant the caller's tenant (for the worker's log lines; the compute does not depend on it)
 * @param type a job type name ({@code aggregate}, {@code topk})
 * @param params the job's params as JSON text
 * @param rows the inline body: NDJSON, one row per line
 */
public record ComputeRequest(String tenant, String type, String params, byte[] rows, ActorRef<ComputeReply> replyTo)
    implements CborSerializable {

  /** The same request answered to {@code other} (the router puts itself in between). */
  ComputeRequest replyingTo(ActorRef<ComputeReply> other) {
    return new ComputeRequest(tenant, type, params, rows, other);
  }
}
