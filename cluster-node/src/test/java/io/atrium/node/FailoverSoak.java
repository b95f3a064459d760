package io.atrium.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.node.harness.LocalCluster;
import io.atrium.node.harness.Median;
import io.atrium.node.harness.NodeProcess;
import io.atrium.node.harness.WriteProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7 soak (run by {@code scripts/chaos/soak}, not in CI): three nodes with Atrium's failover
 * settings under durable writes that keep the machine's CPU at about 80 % for
 * {@code -Datrium.soak.minutes} (10), then the false failure detections are counted in the node logs:
 * a member marked unreachable, a split-brain decision, a member downed, the crash probe downing a
 * member. No node is killed, so every one of them is false. Load is added in write probes of 50
 * writes/s while the machine is below 75 % busy and taken away above 90 %.
 */
class FailoverSoak {

  private static final int MINUTES = Integer.getInteger("atrium.soak.minutes", 10);
  private static final int KEYS = 300;
  private static final int WRITES_PER_PROBE = 50;
  private static final int MAX_PROBES = 20;
  private static final double ADD_BELOW = 0.75;
  private static final double REMOVE_ABOVE = 0.90;
  private static final Duration STEP = Duration.ofSeconds(10);

  /** Log lines of a (here: false) failure detection, as Pekko and the crash probe write them. */
  private static final Map<String, Pattern> DETECTIONS = new LinkedHashMap<>();

  static {
    DETECTIONS.put("unreachable", Pattern.compile("Marking node\\(s\\) as UNREACHABLE"));
    DETECTIONS.put("split-brain decisions", Pattern.compile("SBR took decision"));
    DETECTIONS.put("downed", Pattern.compile("Marking node \\[.*\\] as \\[Down\\]"));
    DETECTIONS.put("crash-probe downings", Pattern.compile("its process is gone; downing it"));
  }

  @RegisterExtension final LocalCluster cluster = new LocalCluster();

  @Test
  void noFalseFailureDetectionUnderSustainedLoad() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(3);
    List<WriteProbe> running = new ArrayList<>();
    List<WriteProbe> all = new ArrayList<>();
    List<Double> busy = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    CpuMeter cpu = new CpuMeter();
    long start = System.nanoTime();
    long end = start + Duration.ofMinutes(MINUTES).toNanos();
    try {
      while (System.nanoTime() < end) {
        if (running.isEmpty() || cpu.busy() < ADD_BELOW && running.size() < MAX_PROBES) {
          WriteProbe probe = new WriteProbe("soak-" + all.size(), KEYS);
          probe.start(WRITES_PER_PROBE, () -> nodes.stream().map(NodeProcess::httpPort).toList());
          running.add(probe);
          all.add(probe);
        } else if (cpu.busy() > REMOVE_ABOVE && running.size() > 1) {
          running.remove(running.size() - 1).stop();
        }
        Thread.sleep(STEP.toMillis());
        double sample = cpu.sample();
        busy.add(sample);
        rates.add((double) running.size() * WRITES_PER_PROBE);
        System.out.printf("SOAK %.1f/%d min: cpu %.0f %%, %d writes/s offered, %d failed so far%n",
            (System.nanoTime() - start) / 60e9, MINUTES, sample * 100, running.size() * WRITES_PER_PROBE,
            failed(all, start));
      }
    } finally {
      for (WriteProbe probe : running) {
        probe.stop();
      }
    }

    Map<String, Integer> detections = new LinkedHashMap<>();
    for (Map.Entry<String, Pattern> detection : DETECTIONS.entrySet()) {
      int count = 0;
      for (NodeProcess node : nodes) {
        count += count(node.logFile(), detection.getValue());
      }
      detections.put(detection.getKey(), count);
    }
    long sent = all.stream().mapToLong(p -> p.sentAfter(start)).sum();
    Map<Integer, Long> statuses = all.stream().flatMap(p -> p.outcomes().stream())
        .collect(Collectors.groupingBy(WriteProbe.Outcome::status, TreeMap::new, Collectors.counting()));
    System.out.printf("SOAK summary: %d min, cpu median %.0f %% (samples of %d s), writes offered median %d/s, "
            + "%d sent, %d failed (answers by status, 0 = none: %s); false detections: %s%n", MINUTES,
        Median.of(busy) * 100, STEP.toSeconds(), Math.round(Median.of(rates)),
        sent, failed(all, start), statuses, detections);
    cluster.awaitMembers(nodes, Duration.ofSeconds(30));
    assertTrue(nodes.stream().allMatch(NodeProcess::isAlive), "every node still runs");
  }

  private static long failed(List<WriteProbe> probes, long since) {
    return probes.stream().mapToLong(p -> p.failuresAfter(since)).sum();
  }

  private static int count(Path log, Pattern pattern) throws IOException {
    try (var lines = Files.lines(log)) {
      return (int) lines.filter(line -> pattern.matcher(line).find()).count();
    }
  }

  /** The machine's busy fraction from {@code /proc/stat}: all CPUs, since the previous sample. */
  private static final class CpuMeter {

    private long[] last = read();
    private double latest;

    double busy() {
      return latest;
    }

    double sample() throws IOException {
      long[] now = read();
      long total = now[0] - last[0];
      long idle = now[1] - last[1];
      last = now;
      latest = total == 0 ? 0 : 1 - (double) idle / total;
      return latest;
    }

    /** {total jiffies, idle + iowait jiffies} of the "cpu" line. */
    private static long[] read() {
      try {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        // user nice system idle iowait irq softirq steal; guest time is already counted in user.
        for (int i = 1; i <= 8 && i < fields.length; i++) {
          total += Long.parseLong(fields[i]);
        }
        return new long[] {total, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
