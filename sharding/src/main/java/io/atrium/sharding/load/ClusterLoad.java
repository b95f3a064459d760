package io.atrium.sharding.load;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What this node knows of every member's load at one instant: each member's latest report with its
 * age (measured by this node's clock from when the report arrived). A report older than
 * {@code atrium.load.stale-after} is flagged stale and left out of {@link #sum()} and {@link #fresh()}.
 *
 * @param self this node's address
 * @param version grows whenever a report arrives or a member is dropped; unchanged means same reports
 * @param staleAfterMillis a report older than this is stale
 * @param members by address, sorted
 */
public record ClusterLoad(String self, long version, long staleAfterMillis, Map<String, MemberLoad> members) {

  /** One member's latest report; {@code ageMillis} counts from its arrival here. */
  public record MemberLoad(NodeLoad report, long ageMillis, boolean stale) {}

  /**
   * The cluster-wide sum over fresh reports.
   *
   * @param nodes how many fresh reports the sum covers
   */
  public record LoadSum(int nodes, Rates lambda, Rates completed, long inFlight, Map<String, FlowRates> routes,
                        Map<String, FlowRates> tenants) {}

  /** The reports that are not stale, this node's own included. */
  public List<NodeLoad> fresh() {
    return members.values().stream().filter(m -> !m.stale()).map(MemberLoad::report).toList();
  }

  public Optional<NodeLoad> selfReport() {
    return Optional.ofNullable(members.get(self)).map(MemberLoad::report);
  }

  public LoadSum sum() {
    List<EdgeLoad> edges = fresh().stream().map(NodeLoad::edge).toList();
    return new LoadSum(edges.size(),
        edges.stream().map(EdgeLoad::lambda).reduce(Rates.ZERO, Rates::plus),
        edges.stream().map(EdgeLoad::completed).reduce(Rates.ZERO, Rates::plus),
        edges.stream().mapToLong(EdgeLoad::inFlight).sum(),
        sumByKey(edges, EdgeLoad::routes),
        sumByKey(edges, EdgeLoad::tenants));
  }

  private static Map<String, FlowRates> sumByKey(List<EdgeLoad> edges, Function<EdgeLoad, Map<String, FlowRates>> part) {
    Map<String, FlowRates> sums = new TreeMap<>();
    edges.forEach(edge -> part.apply(edge).forEach((key, rates) -> sums.merge(key, rates, FlowRates::plus)));
    return sums;
  }
}
