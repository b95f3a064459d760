package io.atrium.sharding.balancer;

import static io.atrium.sharding.balancer.Fixtures.MILLI;
import static io.atrium.sharding.balancer.Fixtures.SECOND;
import static io.atrium.sharding.balancer.Fixtures.T0;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.SplittableRandom;

/**
 * A discrete-event simulation of one router in front of routees that are FIFO queues with a few
 * workers each and exponentially distributed service times: Poisson arrivals at a constant rate (open loop), the
 * strategy under test picks each message's routee, completions feed the router's statistics at
 * the simulated time. Deterministic for a seed; seconds of traffic simulate in milliseconds.
 */
final class QueueSimulation {

  record Result(double[] shares, double p50Millis, double p99Millis, double meanMillis) {}

  private record Completion(long atNanos, int routee, long startNanos) {}

  private final BalancerSettings settings;
  private final double[] serviceMillis;
  private final int workersPerRoutee;

  QueueSimulation(BalancerSettings settings, int workersPerRoutee, double... serviceMillis) {
    this.settings = settings;
    this.serviceMillis = serviceMillis;
    this.workersPerRoutee = workersPerRoutee;
  }

  Result run(double ratePerSecond, int seconds, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    RoutingStrategy strategy = RoutingStrategy.create(settings, new SplittableRandom(seed + 1));
    List<RouteeStats> routees = Fixtures.routees(settings, serviceMillis.length);
    PriorityQueue<Completion> completions = new PriorityQueue<>((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
    List<Queue<Long>> waiting = routees.stream().map(routee -> (Queue<Long>) new ArrayDeque<Long>()).toList();
    int[] busy = new int[routees.size()];
    long[] dispatched = new long[routees.size()];
    double[] latencies = new double[(int) (ratePerSecond * seconds * 2)];
    int completed = 0;
    long end = T0 + seconds * SECOND;
    long nextArrival = T0;
    while (nextArrival < end || !completions.isEmpty()) {
      if (nextArrival < end && (completions.isEmpty() || nextArrival <= completions.peek().atNanos())) {
        int chosen = strategy.select(routees, nextArrival);
        routees.get(chosen).dispatched(nextArrival);
        dispatched[chosen]++;
        if (busy[chosen] < workersPerRoutee) {
          busy[chosen]++;
          completions.add(new Completion(nextArrival + serviceNanos(chosen, random), chosen, nextArrival));
        } else {
          waiting.get(chosen).add(nextArrival);
        }
        nextArrival += (long) (exponential(random) / ratePerSecond * SECOND);
      } else {
        Completion done = completions.poll();
        long latency = done.atNanos() - done.startNanos();
        routees.get(done.routee()).completed(latency, false, done.atNanos());
        if (completed < latencies.length) {
          latencies[completed++] = (double) latency / MILLI;
        }
        Long queued = waiting.get(done.routee()).poll();
        if (queued == null) {
          busy[done.routee()]--;
        } else {
          completions.add(new Completion(done.atNanos() + serviceNanos(done.routee(), random), done.routee(), queued));
        }
      }
    }
    double[] sorted = Arrays.copyOf(latencies, completed);
    Arrays.sort(sorted);
    long total = Arrays.stream(dispatched).sum();
    return new Result(Arrays.stream(dispatched).mapToDouble(count -> (double) count / total).toArray(),
        percentile(sorted, 0.50), percentile(sorted, 0.99), Arrays.stream(sorted).average().orElse(0));
  }

  private long serviceNanos(int routee, SplittableRandom random) {
    return (long) (exponential(random) * serviceMillis[routee] * MILLI);
  }

  /** An exponentially distributed number with mean 1. */
  private static double exponential(SplittableRandom random) {
    return -Math.log(1 - random.nextDouble());
  }

  /** Nearest rank. */
  private static double percentile(double[] sorted, double quantile) {
    return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
  }
}
