package io.atrium.sharding.balancer;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Atrium's own strategy: weights from predicted latency, resource headroom, errors and in-flight
 * ({@link AtriumWeights}); a weighted better-of-two (or proportional) draw among the admitted
 * routees; outlier ejection with a ramped re-admission ({@link OutlierDetector}). A routee on
 * probation is not chosen by weight: it gets its ramped probe fraction of a fair share directly.
 */
final class AtriumStrategy implements RoutingStrategy {

  private final AtriumSettings settings;
  private final AtriumWeights weights;
  private final OutlierDetector outliers;
  private final RandomGenerator random;

  AtriumStrategy(AtriumSettings settings, ReportSettings reports, RandomGenerator random) {
    this.settings = settings;
    this.weights = new AtriumWeights(settings, reports);
    this.outliers = new OutlierDetector(settings.ejection());
    this.random = random;
  }

  @Override
  public int select(List<RouteeStats> routees, long nowNanos) {
    outliers.update(routees, nowNanos);
    int probe = probe(routees, nowNanos);
    if (probe >= 0) {
      return probe;
    }
    List<Integer> admitted = new ArrayList<>();
    for (int i = 0; i < routees.size(); i++) {
      if (!routees.get(i).admission().out()) {
        admitted.add(i);
      }
    }
    if (admitted.isEmpty()) {
      // Cannot happen with ejection limits (one routee always stays in), but a routee set that
      // shrank under them could leave none: then every routee competes.
      return choose(weights.compute(routees, nowNanos));
    }
    List<RouteeStats> candidates = admitted.stream().map(routees::get).toList();
    return admitted.get(choose(weights.compute(candidates, nowNanos)));
  }

  @Override
  public double[] weights(List<RouteeStats> routees, long nowNanos) {
    return weights.compute(routees, nowNanos);
  }

  /** A routee on probation that this message probes, or -1. */
  private int probe(List<RouteeStats> routees, long nowNanos) {
    long in = routees.stream().filter(routee -> routee.admission().state() != Admission.State.EJECTED).count();
    double fairShare = 1.0 / Math.max(1, in);
    double[] probes = new double[routees.size()];
    double total = 0;
    for (int i = 0; i < probes.length; i++) {
      probes[i] = fairShare * routees.get(i).admission().probeFraction(nowNanos, settings.ejection());
      total += probes[i];
    }
    if (total == 0) {
      return -1;
    }
    double draw = random.nextDouble();
    for (int i = 0; i < probes.length; i++) {
      draw -= probes[i];
      if (draw < 0) {
        return i;
      }
    }
    return -1;
  }

  private int choose(double[] candidateWeights) {
    return switch (settings.selection()) {
      case BETTER_OF_TWO -> WeightedSampler.betterOfTwo(candidateWeights, random);
      case PROPORTIONAL -> WeightedSampler.draw(candidateWeights, random);
    };
  }
}
