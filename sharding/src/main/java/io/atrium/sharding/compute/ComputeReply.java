package io.atrium.sharding.compute;

import io.atrium.persistence.serialization.CborSerializable;

/** A compute worker's answer, or the router's when no worker answered. */
public sealed interface ComputeReply extends CborSerializable {

  /**
   * @param node the address of the node whose worker computed it
   * @param resultJson the job's result as the JSON the client gets
   */
  record Computed(String node, String resultJson) implements ComputeReply {}

  /**
   * The request itself is wrong (a bad row, bad params, too many groups): the client's fault, so it
   * does not count against the worker.
   *
   * @param code the JSON error code, e.g. {@code invalid_row}
   */
  record Rejected(String code, String message) implements ComputeReply {
    public static final String INVALID_ROW = "invalid_row";
    public static final String INVALID_PARAMS = "invalid_params";
    /** The rows are fine but the job's result would be too large (422 rather than 400). */
    public static final String TOO_MANY_GROUPS = "too_many_groups";
  }

  /**
   * No result: the worker failed, timed out, or there was no worker. Counts against the worker.
   *
   * @param unavailable true when the client may simply try again (timeout, no worker), false for a
   *     failure inside the worker
   */
  record Failed(boolean unavailable, String message) implements ComputeReply {}
}
