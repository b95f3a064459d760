package io.atrium.sharding.compute;

import io.atrium.sharding.balancer.NoRouteeException;
import io.atrium.sharding.balancer.WorkKind;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/** Synchronous compute as the balancer sees it: the workers' Receptionist key and their protocol. */
public final class ComputeKind {

  /** Every node's compute workers register under this key; every node's router routes to all of them. */
  public static final ServiceKey<ComputeRequest> KEY = ServiceKey.create(ComputeRequest.class, "compute-workers");

  public static final WorkKind<ComputeRequest, ComputeReply> KIND = new WorkKind<>(
      KEY,
      ComputeReply.class,
      ComputeRequest::replyTo,
      ComputeRequest::replyingTo,
      reply -> reply instanceof ComputeReply.Failed,
      ComputeKind::failure);

  private ComputeKind() {}

  /** No worker, or none answered in time: the client may try again; anything else is a failure. */
  private static ComputeReply failure(Throwable error) {
    boolean unavailable = error instanceof NoRouteeException || error instanceof TimeoutException;
    return new ComputeReply.Failed(unavailable, unavailable
        ? "no compute worker answered: " + error.getMessage()
        : "the compute failed: " + error.getClass().getSimpleName());
  }
}
