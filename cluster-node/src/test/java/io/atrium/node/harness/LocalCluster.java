package io.atrium.node.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs real node processes for one test: start N, wait until every node
 * sees every other Up, crash or stop one, restart it, add more. Each node's log goes to
 * {@code target/node-logs/<class>/<test>/<node>.log}; a failed test prints every node's log tail.
 * All processes are killed after each test.
 *
 * <pre>{@code
 * @RegisterExtension final LocalCluster cluster = new LocalCluster();
 * List<NodeProcess> nodes = cluster.startNodes(3);
 * }</pre>
 *
 * Settings for every node of a test go in as JVM system properties, the highest configuration layer:
 * {@code new LocalCluster(Map.of("atrium.rate-limit.enabled", "on"))}.
 */
public final class LocalCluster implements BeforeEachCallback, AfterEachCallback {

  /** Generous for two shared cores running Cassandra, Kafka and several JVMs at once. */
  public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  private static final int LOG_TAIL_LINES = 40;

  private final List<NodeProcess> nodes = new ArrayList<>();
  /** Every node this cluster started, {@code host:port}: the seed nodes of the next one. */
  private final List<String> seeds = new ArrayList<>();
  private final Map<String, String> systemProperties;
  private final NodeJvm jvm;
  private Path workDir;

  public LocalCluster() {
    this(Map.of());
  }

  /** @param systemProperties {@code -Dkey=value} for every node this cluster starts */
  public LocalCluster(Map<String, String> systemProperties) {
    this(systemProperties, NodeJvm.SHARED);
  }

  /** @param jvm the JVM options of every node this cluster starts */
  public LocalCluster(Map<String, String> systemProperties, NodeJvm jvm) {
    this.systemProperties = Map.copyOf(systemProperties);
    this.jvm = jvm;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    workDir = Path.of("target", "node-logs",
        context.getRequiredTestClass().getSimpleName(), context.getRequiredTestMethod().getName());
    if (Files.exists(workDir)) {
      try (var files = Files.walk(workDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(workDir);
    Schema.ensureApplied();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      for (NodeProcess node : nodes) {
        System.out.println("----- last " + LOG_TAIL_LINES + " log lines of " + node + " (" + node.logFile() + ")");
        System.out.println(node.logTail(LOG_TAIL_LINES));
      }
    }
    nodes.forEach(NodeProcess::destroyQuietly);
    nodes.clear();
    seeds.clear();
  }

  /** Starts {@code count} nodes on loopback that seed from each other and waits until all see all Up. */
  public List<NodeProcess> startNodes(int count) {
    return startNodes(java.util.Collections.nCopies(count, NodeHost.LOOPBACK));
  }

  /** Starts a node on each of {@code hosts}, seeding from each other, and waits until all see all Up. */
  public List<NodeProcess> startNodes(List<NodeHost> hosts) {
    List<NodeProcess> started = new ArrayList<>();
    for (NodeHost host : hosts) {
      NodeProcess node = newNode(host);
      seeds.add(node.clusterHostPort());
      started.add(node);
    }
    started.forEach(NodeProcess::start);
    awaitMembers(nodes, STARTUP_TIMEOUT);
    return started;
  }

  /** Starts one more node that joins the running cluster through the existing seeds. */
  public NodeProcess addNode() {
    NodeProcess node = newNode(NodeHost.LOOPBACK);
    node.start();
    awaitMembers(running(), STARTUP_TIMEOUT);
    return node;
  }

  private NodeProcess newNode(NodeHost host) {
    NodeProcess node = new NodeProcess("node" + (nodes.size() + 1), host, NodePorts.allocate(), seeds, workDir,
        systemProperties, jvm);
    nodes.add(node);
    return node;
  }

  /** Starts a stopped or crashed node again at the same address. */
  public void restart(NodeProcess node) {
    node.start();
    awaitMembers(running(), STARTUP_TIMEOUT);
  }

  public List<NodeProcess> running() {
    return nodes.stream().filter(NodeProcess::isAlive).toList();
  }

  /** Waits until each of {@code expected} answers and lists exactly {@code expected} as Up members. */
  public void awaitMembers(List<NodeProcess> expected, Duration timeout) {
    Set<String> addresses = expected.stream().map(NodeProcess::address).collect(Collectors.toCollection(TreeSet::new));
    for (NodeProcess node : expected) {
      Await.until(node.name() + " to see Up members " + addresses, timeout,
          () -> node.clusterView().map(view -> upMembers(view).equals(addresses) && unreachable(view).isEmpty())
              .orElse(false),
          () -> "Last view: " + node.clusterView().map(JsonNode::toString).orElse("(no answer)"));
    }
  }

  public static Set<String> upMembers(JsonNode clusterView) {
    return stream(clusterView.get("members"))
        .filter(m -> m.get("status").asText().equals("Up"))
        .map(m -> m.get("address").asText())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  public static Set<String> members(JsonNode clusterView) {
    return stream(clusterView.get("members"))
        .map(m -> m.get("address").asText())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Shards of entity type {@code type} per member address, from {@code /ops/cluster} (0: none listed). */
  public static Map<String, Integer> shards(JsonNode clusterView, String type) {
    return stream(clusterView.get("members")).collect(Collectors.toMap(
        m -> m.get("address").asText(), m -> m.path("shards").path(type).asInt(0), (a, b) -> a, java.util.TreeMap::new));
  }

  public static Set<String> unreachable(JsonNode clusterView) {
    return stream(clusterView.get("unreachable"))
        .map(m -> m.get("address").asText())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }
}
