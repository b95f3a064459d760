package io.atrium.node.harness;

import java.util.List;

/** The JVM options a test node runs with. */
public enum NodeJvm {

  /** Several nodes, Cassandra and Kafka share two cores in CI: small heaps, C1 only, serial GC. */
  SHARED("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),

  /**
   * As {@code scripts/run-all} starts a node (scripts/lib/nodes.sh), for a test that measures one
   * node's latency: with {@link #SHARED}, young collections of its small heap every half second
   * (30-50 ms each) decided the p99 it compares.
   */
  PRODUCTION("-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-XX:G1HeapRegionSize=4m", "-XX:+ExitOnOutOfMemoryError");

  private final List<String> options;

  NodeJvm(String... options) {
    this.options = List.of(options);
  }

  List<String> options() {
    return options;
  }
}
