package io.atrium.sharding.placement;

/**
 * What placement knows of one member.
 *
 * @param overloaded the member's reports have been {@link LoadLevel#HIGH} without a break for
 *     {@code sustain}, and have not since been {@link LoadLevel#LOW} for as long
 * @param fresh its latest report is not stale and tells its CPU; when any member's is not, placement
 *     falls back to shard counts
 * @param level where its latest report stands
 * @param cpu process CPU of its latest report, 0..1 of all cores
 * @param heap heap used / max of its latest report
 */
public record NodeState(boolean overloaded, boolean fresh, LoadLevel level, double cpu, double heap) {

  /** A member without a usable report. */
  static final NodeState UNKNOWN = new NodeState(false, false, LoadLevel.BAND, -1, -1);

  /** Able to take shards moved off another node: not overloaded, and its latest report clearly healthy. */
  boolean clearlyHealthy() {
    return fresh && !overloaded && level == LoadLevel.LOW;
  }

  /** Allocation order: a normal node, then one whose latest report is high, then an overloaded one. */
  int rank() {
    if (overloaded) {
      return 2;
    }
    return level == LoadLevel.HIGH ? 1 : 0;
  }
}
