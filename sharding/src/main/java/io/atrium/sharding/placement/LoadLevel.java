package io.atrium.sharding.placement;

/**
 * Where one load report stands against the thresholds. Two thresholds with a band between them make
 * a Schmitt trigger: a node whose figures hover around one threshold does not change condition.
 */
public enum LoadLevel {
  /** CPU and heap at or below their recover thresholds: a node that can clearly take more shards. */
  LOW,
  /** Between the thresholds: a node keeps whatever condition it had. */
  BAND,
  /** CPU or heap at or above its overload threshold. */
  HIGH;

  static LoadLevel of(double cpu, double heap, PlacementSettings settings) {
    if (cpu >= settings.cpuOverload() || heap >= settings.heapOverload()) {
      return HIGH;
    }
    return cpu <= settings.cpuRecover() && heap <= settings.heapRecover() ? LOW : BAND;
  }
}
