package io.atrium.sharding.compute;

/**
 * A fault injected into this node's compute workers (tests and benchmarks only). Each message is
 * affected with {@code probability}; an affected message first waits {@code latencyMs} (the worker is
 * held, as on a slower machine, so queues build up behind it), then burns {@code cpuBurnMs} of CPU
 * on the worker's thread, then fails with probability {@code errorRate} instead of computing.
 *
 * @param latencyMs added wait per affected message, in milliseconds
 * @param cpuBurnMs busy CPU time per affected message, in milliseconds
 * @param errorRate fraction of affected messages that fail, 0 … 1
 * @param probability fraction of messages affected, 0 … 1
 */
public record Fault(long latencyMs, long cpuBurnMs, double errorRate, double probability) {

  /** No fault. */
  public static final Fault NONE = new Fault(0, 0, 0, 0);
  /** Longest latency or burn one message may be given: longer would only trip every timeout. */
  public static final long MAX_MILLIS = 60_000;

  public Fault {
    requireMillis("latencyMs", latencyMs);
    requireMillis("cpuBurnMs", cpuBurnMs);
    requireFraction("errorRate", errorRate);
    requireFraction("probability", probability);
  }

  public boolean isNone() {
    return probability == 0 || (latencyMs == 0 && cpuBurnMs == 0 && errorRate == 0);
  }

  private static void requireMillis(String name, long value) {
    if (value < 0 || value > MAX_MILLIS) {
      throw new IllegalArgumentException(name + " must be within 0.." + MAX_MILLIS + ", was " + value);
    }
  }

  private static void requireFraction(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be within 0..1, was " + value);
    }
  }
}
