package io.atrium.sharding.placement;

import static io.atrium.sharding.placement.PlacementFixtures.A;
import static io.atrium.sharding.placement.PlacementFixtures.B;
import static io.atrium.sharding.placement.PlacementFixtures.C;
import static io.atrium.sharding.placement.PlacementFixtures.high;
import static io.atrium.sharding.placement.PlacementFixtures.normal;
import static io.atrium.sharding.placement.PlacementFixtures.overloaded;
import static io.atrium.sharding.placement.PlacementFixtures.regions;
import static io.atrium.sharding.placement.PlacementFixtures.settings;
import static io.atrium.sharding.placement.PlacementFixtures.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.sharding.placement.PlacementPolicy.Moves;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The allocation and rebalance decisions over hand-made views and allocations. */
class PlacementPolicyTest {

  private static final Duration LONG_AGO = Duration.ofHours(1);

  private final PlacementSettings settings = settings("atrium.placement.max-moves-per-round = 3");
  private final PlacementPolicy policy = new PlacementPolicy(settings);

  @Test
  void aNewShardAvoidsAnOverloadedNodeEvenWithTheFewestShards() {
    PlacementView view = view(normal(0.3), normal(0.4), overloaded(0.95));
    assertEquals(A, policy.allocate(view, regions(10, 12, 0)).node());
  }

  @Test
  void aNodeWhoseLatestReportIsHighComesAfterNormalOnesButBeforeOverloadedOnes() {
    assertEquals(B, policy.allocate(view(high(0.9), normal(0.5), overloaded(0.95)), regions(0, 20, 0)).node());
    assertEquals(A, policy.allocate(view(high(0.9), overloaded(0.95), overloaded(0.95)), regions(30, 0, 0)).node());
  }

  @Test
  void amongEquallyLoadedNodesTheOneWithFewestShardsWins() {
    // B's CPU is the lowest, but a normal CPU difference does not outweigh shard counts: placement
    // would otherwise follow noise.
    assertEquals(C, policy.allocate(view(normal(0.5), normal(0.1), normal(0.3)), regions(5, 5, 4)).node());
  }

  @Test
  void equalShardCountsGoToTheLowestCpu() {
    assertEquals(B, policy.allocate(view(normal(0.5), normal(0.1), normal(0.3)), regions(5, 5, 5)).node());
  }

  @Test
  void aStaleReportFallsBackToShardCounts() {
    PlacementView view = view(normal(0.3), overloaded(0.95), NodeState.UNKNOWN);
    assertEquals(B, policy.allocate(view, regions(3, 1, 2)).node());
    PlacementView missing = new PlacementView(java.util.Map.of(A, normal(0.3), B, overloaded(0.95)));
    assertEquals(B, policy.allocate(missing, regions(3, 1, 2)).node());
  }

  @Test
  void aLeavingNodeGetsNoNewShards() {
    List<Region> regions = new ArrayList<>(regions(5, 6, 7));
    regions.set(0, new Region(A, regions.get(0).shards(), true));
    assertEquals(B, policy.allocate(view(normal(0.1), normal(0.1), normal(0.1)), regions).node());
  }

  @Test
  void anOverloadedNodeIsRelievedByAtMostTheLimitPerRound() {
    List<Region> regions = regions(10, 10, 10);
    Moves moves = policy.rebalance(view(normal(0.2), normal(0.3), overloaded(0.95)), regions, Set.of(), LONG_AGO);
    assertEquals(3, moves.shards().size(), moves.reason());
    assertTrue(regions.get(2).shards().containsAll(moves.shards()), "only the overloaded node's shards move");
  }

  @Test
  void reliefStopsAtTheOverloadedShareOfAnEvenShare() {
    // 30 shards on 3 nodes: an even share is 10, so an overloaded node keeps 5.
    PlacementView view = view(normal(0.2), normal(0.3), overloaded(0.95));
    assertEquals(1, policy.rebalance(view, regions(12, 12, 6), Set.of(), LONG_AGO).shards().size());
    Moves none = policy.rebalance(view, regions(13, 12, 5), Set.of(), LONG_AGO);
    assertEquals(Set.of(), none.shards(), none.reason());
  }

  @Test
  void noReliefWithoutAClearlyHealthyDestination() {
    // The others are busy (in the band): moving load onto them is not clearly better.
    Moves moves = policy.rebalance(view(normal(0.7), normal(0.75), overloaded(0.95)), regions(10, 10, 10), Set.of(),
        LONG_AGO);
    assertEquals(Set.of(), moves.shards(), moves.reason());
  }

  @Test
  void shardsMoveBackToARecoveredNodeAtMostTheLimitPerRound() {
    List<Region> regions = regions(25, 25, 5);
    Moves moves = policy.rebalance(view(normal(0.2), normal(0.2), normal(0.1)), regions, Set.of(), LONG_AGO);
    assertEquals(3, moves.shards().size(), moves.reason());
    assertTrue(regions.get(0).shards().containsAll(moves.shards()), "from the fullest node (first by address)");
  }

  @Test
  void smallImbalancesAndBusyDestinationsMoveNothing() {
    PlacementView healthy = view(normal(0.2), normal(0.2), normal(0.1));
    assertEquals(Set.of(), policy.rebalance(healthy, regions(12, 11, 10), Set.of(), LONG_AGO).shards(),
        "a difference within the threshold");
    PlacementView busy = view(normal(0.2), normal(0.2), normal(0.7));
    assertEquals(Set.of(), policy.rebalance(busy, regions(25, 25, 5), Set.of(), LONG_AGO).shards(),
        "the emptiest node is in the band, not clearly healthy");
  }

  @Test
  void aNodeStillOverloadedGetsNothingBackWhileOthersEvenOut() {
    // C is overloaded and drained; A and B even out among themselves, nothing goes to C.
    List<Region> regions = regions(30, 20, 5);
    Moves moves = policy.rebalance(view(normal(0.2), normal(0.2), overloaded(0.95)), regions, Set.of(), LONG_AGO);
    assertEquals(3, moves.shards().size(), moves.reason());
    assertTrue(regions.get(0).shards().containsAll(moves.shards()));
    assertEquals(B, policy.allocate(view(normal(0.2), normal(0.2), overloaded(0.95)), regions(27, 20, 5)).node());
  }

  @Test
  void staleReportsEvenOutByShardCountsOnly() {
    PlacementView view = view(normal(0.2), overloaded(0.95), NodeState.UNKNOWN);
    List<Region> regions = regions(10, 10, 2);
    Moves moves = policy.rebalance(view, regions, Set.of(), LONG_AGO);
    assertEquals(3, moves.shards().size(), moves.reason());
    assertTrue(regions.get(0).shards().containsAll(moves.shards()), "no relief of B: its overload is not trusted "
        + "alongside an unknown node, and C gets shards by count");
  }

  @Test
  void noRoundWhileARebalanceIsInProgressOrDuringTheCooldown() {
    PlacementView view = view(normal(0.2), normal(0.3), overloaded(0.95));
    List<Region> regions = regions(10, 10, 10);
    assertEquals(Set.of(), policy.rebalance(view, regions, Set.of("s20"), LONG_AGO).shards());
    assertEquals(Set.of(), policy.rebalance(view, regions, Set.of(), settings.cooldown().minusMillis(1)).shards());
    assertEquals(3, policy.rebalance(view, regions, Set.of(), settings.cooldown()).shards().size());
  }

  /**
   * Rounds as the coordinator would run them: every moved shard is allocated again at once by the same
   * policy. With an overloaded node the moves end at its floor; after its recovery they end when the
   * counts are within the threshold; and a steady state moves nothing, round after round.
   */
  @Test
  void repeatedRoundsConvergeAndThenStayPut() {
    List<Region> regions = regions(10, 10, 10);
    PlacementView hot = view(normal(0.2), normal(0.3), overloaded(0.95));
    int rounds = runRounds(hot, regions, 20);
    assertEquals(5, regions.get(2).shards().size(), "drained to half an even share");
    assertTrue(rounds <= 2, "in at most ceil(5 / 3) rounds, took " + rounds);

    PlacementView recovered = view(normal(0.2), normal(0.3), normal(0.1));
    rounds = runRounds(recovered, regions, 20);
    int max = regions.stream().mapToInt(Region::size).max().orElseThrow();
    int min = regions.stream().mapToInt(Region::size).min().orElseThrow();
    assertTrue(max - min <= settings.imbalanceThreshold(), "evened out: " + PlacementFixtures.counts(regions));
    assertTrue(rounds <= 3, "took " + rounds);
    assertEquals(0, runRounds(recovered, regions, 20), "no further moves once even");
  }

  /** Runs rebalance rounds until one moves nothing; returns how many moved shards. */
  private int runRounds(PlacementView view, List<Region> regions, int limit) {
    for (int round = 0; round < limit; round++) {
      Moves moves = policy.rebalance(view, List.copyOf(regions), Set.of(), LONG_AGO);
      assertTrue(moves.shards().size() <= settings.maxMovesPerRound(), "limit per round");
      if (moves.shards().isEmpty()) {
        return round;
      }
      for (int i = 0; i < regions.size(); i++) {
        Region region = regions.get(i);
        regions.set(i, new Region(region.node(),
            region.shards().stream().filter(s -> !moves.shards().contains(s)).toList(), false));
      }
      for (String shard : moves.shards()) {
        Region home = policy.allocate(view, List.copyOf(regions));
        List<String> shards = new ArrayList<>(home.shards());
        shards.add(shard);
        regions.set(regions.indexOf(home), new Region(home.node(), shards, false));
      }
    }
    throw new AssertionError("still moving after " + limit + " rounds: " + PlacementFixtures.counts(regions));
  }
}
