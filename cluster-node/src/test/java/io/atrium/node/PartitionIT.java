package io.atrium.node;

import static io.atrium.node.harness.RecordChangeFeed.RECORDS_TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.atrium.node.harness.Await;
import io.atrium.node.harness.HarnessAuth;
import io.atrium.node.harness.LocalCluster;
import io.atrium.node.harness.LocalServices;
import io.atrium.node.harness.NetworkNamespaces;
import io.atrium.node.harness.NodeProcess;
import io.atrium.node.harness.NodeProcess.Reply;
import io.atrium.node.harness.RecordChangeFeed;
import io.atrium.node.harness.RecordChangeFeed.Change;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7, test 4: three nodes, each in a network namespace of its own; the oldest (it hosts the
 * shard coordinators) is cut off from the other two while clients write every key with compare-and-set
 * ({@code If-Match}) through all three. The majority downs it and serves every key again; the cut-off
 * node refuses writes (503 {@code no_quorum}) and shuts itself down; no two writes got one version, no
 * acknowledged write is lost, and the whole history (the record changes in Kafka) has no gap. The
 * refusal is watched by writes of their own to the cut-off node, sent every 200 ms without waiting:
 * the writers may all be waiting there on asks (atrium.records.ask-timeout) until it has downed itself.
 */
class PartitionIT {

  private static final int KEYS = 24;
  private static final Duration WRITE_PAUSE = Duration.ofMillis(50);
  private static final Duration WARM_UP = Duration.ofSeconds(60);
  /** Failure detection (~2.5 s), then the resolver's stable-after (5 s) on both sides, then shutdown. */
  private static final Duration MINORITY_EXIT = Duration.ofSeconds(60);
  private static final Duration REFUSAL = Duration.ofSeconds(20);
  /**
   * How often a write is sent to the node being cut off, without waiting for earlier ones: the writers
   * may all be waiting on asks there (up to atrium.records.ask-timeout) while it refuses new writes.
   */
  private static final Duration REFUSAL_PROBE_INTERVAL = Duration.ofMillis(200);
  private static final Duration MAJORITY_SERVES = Duration.ofSeconds(60);
  private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(3);

  @RegisterExtension final LocalCluster cluster = new LocalCluster();

  @Test
  void theMajorityDownsACutOffNodeWhichRefusesWritesAndStopsAndNoWriteIsLostOrDuplicated() throws Exception {
    assumeTrue(NetworkNamespaces.supported(), "needs root and iproute2 to create network namespaces");
    try (NetworkNamespaces network = NetworkNamespaces.create(3, List.of(cassandraPort(), kafkaPort()),
        Path.of("target", "node-logs", "PartitionIT"))) {
      List<NodeProcess> nodes = cluster.startNodes(List.of(network.host(1), network.host(2), network.host(3)));
      try (RecordChangeFeed feed = new RecordChangeFeed(List.of(RECORDS_TOPIC))) {
        partitionUnderLoad(network, nodes, feed);
      } finally {
        nodes.stream().filter(NodeProcess::isAlive).forEach(NodeProcess::kill);
      }
    }
  }

  private void partitionUnderLoad(NetworkNamespaces network, List<NodeProcess> nodes, RecordChangeFeed feed)
      throws Exception {
    NodeProcess minority = nodes.get(0);
    List<NodeProcess> majority = nodes.subList(1, 3);
    String collection = "partition-" + UUID.randomUUID();
    CasWriters writers = new CasWriters(nodes, collection);
    ScheduledExecutorService refusalProbe = Executors.newSingleThreadScheduledExecutor();
    AtomicLong firstNoQuorumAt = new AtomicLong();
    try {
      writers.start();
      Await.until("every key written twice before the cut", WARM_UP, () -> writers.everyKeyAcknowledged(2));

      long cutAt = System.nanoTime();
      network.isolate(1);
      AtomicLong probes = new AtomicLong();
      refusalProbe.scheduleAtFixedRate(() -> minority.sendAsync("PUT",
              "/v1/records/" + collection + "-refusals/p-" + probes.incrementAndGet(), "{}")
          .thenAccept(reply -> {
            if (isNoQuorum(reply)) {
              firstNoQuorumAt.compareAndSet(0, System.nanoTime());
            }
          }), 0, REFUSAL_PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      Await.until("the cut-off node to refuse a write with 503 no_quorum", REFUSAL, () -> firstNoQuorumAt.get() > 0);
      refusalProbe.shutdownNow();
      double refusedAfter = (firstNoQuorumAt.get() - cutAt) / 1e9;
      int exitCode = minority.waitForExit(MINORITY_EXIT);
      double exitedAfter = secondsSince(cutAt);
      cluster.awaitMembers(majority, MAJORITY_SERVES);
      long servingFrom = System.nanoTime();
      Await.until("the majority to acknowledge a write of every key", MAJORITY_SERVES,
          () -> writers.everyKeyAcknowledgedAfter(servingFrom));
      System.out.printf("MEASURED partition of the oldest node: it refused writes %.1f s after the cut and exited "
              + "(code %d) after %.1f s; the majority served every key again %.1f s after the cut; "
              + "%d writes acknowledged, %d failed, %d precondition refusals%n", refusedAfter, exitCode, exitedAfter,
          secondsSince(cutAt), writers.acknowledgedCount(), writers.failed.get(), writers.conflicts.get());
    } finally {
      refusalProbe.shutdownNow();
      writers.stop();
    }

    assertTrue(writers.violations.isEmpty(), "compare-and-set broken: " + writers.violations);
    writers.assertEveryAcknowledgedWriteReadsBack(majority.get(0));
    Map<String, List<Change>> acknowledged = writers.acknowledged();
    int duplicates = RecordChangeFeed.assertInOrderWithoutGaps(collection, acknowledged,
        feed.awaitRecordChanges(collection, acknowledged, DELIVERY_TIMEOUT));
    System.out.printf("MEASURED partition history: %d acknowledged changes of %d keys in order without a gap or a "
        + "second value for one version; %d duplicate deliveries%n", writers.acknowledgedCount(), KEYS, duplicates);
  }

  private static boolean isNoQuorum(Reply reply) {
    return reply.status() == 503 && reply.body().path("error").path("code").asText().equals("no_quorum");
  }

  /**
   * One client per key, writing it again and again with {@code If-Match} (create: {@code If-None-Match: *})
   * through the nodes in turn. A success must be exactly one version above the version it matched;
   * a 412 reads the current version; anything else (503, timeout, no connection) tries the next node.
   */
  private static final class CasWriters {

    private final List<NodeProcess> nodes;
    private final String collection;
    private final ExecutorService clients = Executors.newFixedThreadPool(KEYS);
    private final Map<String, List<Change>> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, Long> lastAcknowledgedAt = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private volatile boolean running = true;

    CasWriters(List<NodeProcess> nodes, String collection) {
      this.nodes = nodes;
      this.collection = collection;
    }

    void start() {
      for (int k = 0; k < KEYS; k++) {
        String key = "k-" + k;
        int first = k;
        acknowledged.put(key, new CopyOnWriteArrayList<>());
        clients.submit(() -> write(key, first));
      }
    }

    private Void write(String key, int first) throws InterruptedException {
      long known = 0;
      for (int attempt = first; running; attempt++) {
        NodeProcess node = nodes.get(attempt % nodes.size());
        if (!node.isAlive()) {
          continue;
        }
        String value = "{\"key\":\"" + key + "\",\"attempt\":" + attempt + "}";
        Map<String, String> precondition = known == 0 ? Map.of("If-None-Match", "*")
            : Map.of("If-Match", "\"" + known + "\"");
        try {
          Reply reply = node.send("PUT", path(key), value, HarnessAuth.ADMIN_TOKEN, precondition);
          if (reply.status() / 100 == 2) {
            long version = reply.body().path("version").asLong();
            if (version != known + 1) {
              violations.add(key + ": matched version " + known + ", acknowledged version " + version);
            }
            acknowledged.get(key).add(new Change(version, value));
            lastAcknowledgedAt.put(key, System.nanoTime());
            known = version;
          } else if (reply.status() == 412) {
            conflicts.incrementAndGet();
            Reply current = node.get(path(key));
            known = current.status() == 200 ? current.body().path("version").asLong() : known;
          } else {
            failed.incrementAndGet();
          }
        } catch (IOException e) {
          failed.incrementAndGet();
        }
        Thread.sleep(WRITE_PAUSE.toMillis());
      }
      return null;
    }

    boolean everyKeyAcknowledged(int times) {
      return acknowledged.values().stream().allMatch(changes -> changes.size() >= times);
    }

    boolean everyKeyAcknowledgedAfter(long nanos) {
      return lastAcknowledgedAt.size() == KEYS && lastAcknowledgedAt.values().stream().allMatch(at -> at > nanos);
    }

    long acknowledgedCount() {
      return acknowledged.values().stream().mapToLong(List::size).sum();
    }

    Map<String, List<Change>> acknowledged() {
      Map<String, List<Change>> copy = new TreeMap<>();
      acknowledged.forEach((key, changes) -> copy.put(key, new ArrayList<>(changes)));
      return copy;
    }

    /** The newest acknowledged version of every key is stored (or a newer one a timed-out write made). */
    void assertEveryAcknowledgedWriteReadsBack(NodeProcess reader) throws IOException, InterruptedException {
      for (Map.Entry<String, List<Change>> entry : acknowledged().entrySet()) {
        Change newest = entry.getValue().get(entry.getValue().size() - 1);
        Reply reply = reader.get(path(entry.getKey()));
        assertEquals(200, reply.status(), reply.toString());
        long stored = reply.body().path("version").asLong();
        assertTrue(stored >= newest.version(), entry.getKey() + ": acknowledged version " + newest.version()
            + " lost, stored " + stored);
      }
    }

    void stop() throws InterruptedException {
      running = false;
      clients.shutdown();
      assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS), "writers stopped");
    }

    private String path(String key) {
      return "/v1/records/" + collection + "/" + key;
    }
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  /** The port the nodes reach Cassandra at (relayed into the namespaces at the same port). */
  private static int cassandraPort() {
    return LocalServices.cassandra().contactPoints().get(0).port();
  }

  private static int kafkaPort() {
    return LocalServices.kafka().bootstrapServers().get(0).port();
  }
}
