package io.atrium.sharding.placement;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The placement decisions, as pure functions of the placement view and the current allocations.
 *
 * <p>A new shard goes to the least-loaded region: a normal node before one whose latest report is
 * high, before one that is overloaded; among equals the one with the fewest shards, then the lowest
 * CPU. Only sustained conditions move shards that already run, and at most
 * {@code max-moves-per-round} per round: away from an overloaded node down to {@code overloaded-share}
 * of an even share, or from the fullest region to where a new shard would go, when their counts differ
 * by more than {@code imbalance-threshold}. A move needs a clearly healthy destination. When a region's
 * load is unknown (no fresh report), every decision uses shard counts alone.
 */
final class PlacementPolicy {

  /** The shards one rebalance round hands off, and why (for the log). */
  record Moves(Set<String> shards, String reason) {

    static Moves none(String reason) {
      return new Moves(Set.of(), reason);
    }
  }

  private final PlacementSettings settings;

  PlacementPolicy(PlacementSettings settings) {
    this.settings = settings;
  }

  /** The region a new shard goes to; {@code regions} must not be empty. */
  Region allocate(PlacementView view, List<Region> regions) {
    List<Region> staying = regions.stream().filter(region -> !region.leaving()).toList();
    List<Region> candidates = staying.isEmpty() ? regions : staying;
    return candidates.stream().min(order(view, candidates)).orElseThrow();
  }

  /**
   * The shards to hand off in this round.
   *
   * @param inProgress shards being handed off now: no round starts until they are done
   * @param sinceLastMoves time since the previous round that moved shards
   */
  Moves rebalance(PlacementView view, List<Region> regions, Set<String> inProgress, Duration sinceLastMoves) {
    if (!inProgress.isEmpty()) {
      return Moves.none("a rebalance is in progress");
    }
    if (sinceLastMoves.compareTo(settings.cooldown()) < 0) {
      return Moves.none("cooling down");
    }
    List<Region> active = regions.stream().filter(region -> !region.leaving()).toList();
    if (active.size() < 2) {
      return Moves.none("fewer than two regions");
    }
    if (!loadKnown(view, active)) {
      return evenOut(view, active, active, "shard counts (load unknown)");
    }
    List<Region> overloaded = active.stream().filter(region -> view.state(region.node()).overloaded()).toList();
    if (!overloaded.isEmpty() && clearlyHealthy(view, allocate(view, active))) {
      Moves relief = relieve(overloaded, active);
      if (!relief.shards().isEmpty()) {
        return relief;
      }
    }
    return evenOut(view, active, active.stream().filter(region -> !overloaded.contains(region)).toList(),
        "shard counts");
  }

  /** Shards off each overloaded region, fullest first, down to its floor. */
  private Moves relieve(List<Region> overloaded, List<Region> active) {
    int total = active.stream().mapToInt(Region::size).sum();
    int floor = (int) Math.floor(settings.overloadedShare() * total / active.size());
    Set<String> moves = new LinkedHashSet<>();
    overloaded.stream().sorted(Comparator.comparingInt(Region::size).reversed()).forEach(region -> {
      int take = Math.min(region.size() - floor, settings.maxMovesPerRound() - moves.size());
      moves.addAll(region.shards().subList(0, Math.max(0, take)));
    });
    return new Moves(Set.copyOf(moves), "relieving overloaded " + overloaded.stream().map(Region::node).toList());
  }

  /**
   * Shards from the fullest of {@code sources} to where a new shard would go, while the two differ by
   * more than the threshold. Asking {@link #allocate} for the destination keeps the two decisions in
   * agreement: a shard is never moved to where allocation would not send it, so it cannot bounce back.
   */
  private Moves evenOut(PlacementView view, List<Region> active, List<Region> sources, String basis) {
    Region fullest = sources.stream().max(Comparator.comparingInt(Region::size)).orElse(null);
    if (fullest == null || fullest.size() == 0) {
      return Moves.none("nothing to even out");
    }
    List<Region> withoutOne = active.stream()
        .map(region -> region == fullest
            ? new Region(region.node(), region.shards().subList(1, region.size()), false)
            : region)
        .toList();
    Region destination = allocate(view, withoutOne);
    int gap = fullest.size() - destination.size();
    if (destination.node().equals(fullest.node()) || gap <= settings.imbalanceThreshold()) {
      return Moves.none("balanced by " + basis);
    }
    if (loadKnown(view, active) && !clearlyHealthy(view, destination)) {
      return Moves.none("no clearly healthy destination");
    }
    int count = Math.min(settings.maxMovesPerRound(), gap / 2);
    return new Moves(Set.copyOf(fullest.shards().subList(0, count)),
        "evening out by " + basis + ": " + fullest.node() + " has " + fullest.size() + ", "
            + destination.node() + " " + destination.size());
  }

  private Comparator<Region> order(PlacementView view, List<Region> regions) {
    Comparator<Region> byShards = Comparator.comparingInt(Region::size);
    Comparator<Region> byNode = Comparator.comparing(Region::node);
    if (!loadKnown(view, regions)) {
      return byShards.thenComparing(byNode);
    }
    return Comparator.<Region>comparingInt(region -> view.state(region.node()).rank())
        .thenComparing(byShards)
        .thenComparingDouble(region -> view.state(region.node()).cpu())
        .thenComparing(byNode);
  }

  private static boolean loadKnown(PlacementView view, List<Region> regions) {
    return regions.stream().allMatch(region -> view.state(region.node()).fresh());
  }

  private static boolean clearlyHealthy(PlacementView view, Region region) {
    return view.state(region.node()).clearlyHealthy();
  }
}
