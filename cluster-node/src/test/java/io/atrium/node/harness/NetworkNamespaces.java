package io.atrium.node.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces for the partition test, created and removed by the test (root only): one per
 * node, each with a veth on a bridge in the machine's namespace.
 *
 * <pre>
 *   atrium-n1 (10.77.0.1)   atrium-n2 (10.77.0.2)   atrium-n3 (10.77.0.3)
 *        eth0 ── atrium-v1 ─┬─ atrium-v2 ── eth0 ...
 *                     bridge atrium-br (10.77.0.254: the test, Cassandra and Kafka relays)
 * </pre>
 *
 * A node's 127.0.0.1 is its namespace's own loopback, so Cassandra and Kafka reach it through two
 * {@link TcpForwarder}s: one per namespace on its 127.0.0.1 at the services' ports, one in the test
 * JVM on the bridge address, relaying to the machine's 127.0.0.1. {@link #isolate} cuts a namespace off
 * from the other namespaces with blackhole routes on both sides; the test (on the bridge address)
 * still reaches every node, and every node still reaches Cassandra and Kafka.
 */
public final class NetworkNamespaces implements AutoCloseable {

  private static final String SUBNET = "10.77.0.";
  private static final String GATEWAY = SUBNET + "254";
  private static final String BRIDGE = "atrium-br";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration FORWARDER_START = Duration.ofSeconds(20);

  private final int count;
  private final Path logDir;
  private final List<TcpForwarder> gatewayForwarders = new ArrayList<>();
  private final List<Process> namespaceForwarders = new ArrayList<>();

  private NetworkNamespaces(int count, Path logDir) {
    this.count = count;
    this.logDir = logDir;
  }

  /**
   * Creates {@code count} namespaces and relays {@code services} ({@code 127.0.0.1:port} each) into
   * them; forwarder logs go to {@code logDir}.
   */
  public static NetworkNamespaces create(int count, List<Integer> servicePorts, Path logDir)
      throws IOException, InterruptedException {
    NetworkNamespaces namespaces = new NetworkNamespaces(count, logDir);
    try {
      namespaces.removeLeftovers();
      namespaces.build(servicePorts);
      return namespaces;
    } catch (IOException | InterruptedException | RuntimeException e) {
      namespaces.close();
      throw e;
    }
  }

  /** Whether this process may create namespaces (root, with {@code ip} installed). */
  public static boolean supported() {
    try {
      return ProcessHandle.current().info().user().map("root"::equals).orElse(false)
          && new ProcessBuilder("ip", "netns", "list").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Where node {@code n} (1-based) runs: its namespace's address and {@code ip netns exec}. */
  public NodeHost host(int n) {
    return new NodeHost(ip(n), List.of("ip", "netns", "exec", namespace(n)));
  }

  /** Cuts namespace {@code n} off from every other namespace, in both directions. */
  public void isolate(int n) throws IOException, InterruptedException {
    for (int other = 1; other <= count; other++) {
      if (other != n) {
        ip("-n", namespace(n), "route", "add", "blackhole", ip(other) + "/32");
        ip("-n", namespace(other), "route", "add", "blackhole", ip(n) + "/32");
      }
    }
  }

  private void build(List<Integer> servicePorts) throws IOException, InterruptedException {
    ip("link", "add", BRIDGE, "type", "bridge");
    ip("addr", "add", GATEWAY + "/24", "dev", BRIDGE);
    ip("link", "set", BRIDGE, "up");
    for (int port : servicePorts) {
      gatewayForwarders.add(TcpForwarder.start(new InetSocketAddress(GATEWAY, port),
          new InetSocketAddress("127.0.0.1", port)));
    }
    Files.createDirectories(logDir);
    for (int n = 1; n <= count; n++) {
      String namespace = namespace(n);
      ip("netns", "add", namespace);
      ip("link", "add", veth(n), "type", "veth", "peer", "name", "eth0", "netns", namespace);
      ip("link", "set", veth(n), "master", BRIDGE, "up");
      ip("-n", namespace, "addr", "add", ip(n) + "/24", "dev", "eth0");
      ip("-n", namespace, "link", "set", "eth0", "up");
      ip("-n", namespace, "link", "set", "lo", "up");
      namespaceForwarders.add(startForwarder(n, servicePorts));
    }
  }

  /** A small JVM in namespace {@code n} relaying its 127.0.0.1 service ports to the gateway's. */
  private Process startForwarder(int n, List<Integer> servicePorts) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classPath = harnessClassPath();
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace(n), java,
        "-Xmx32m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath, TcpForwarder.class.getName()));
    servicePorts.forEach(port -> command.add("127.0.0.1:" + port + "=" + GATEWAY + ":" + port));
    Path log = logDir.resolve(namespace(n) + "-forwarder.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
    Await.until(namespace(n) + "'s forwarder to listen", FORWARDER_START,
        () -> Files.readString(log).contains("forwarding") || !process.isAlive());
    if (!process.isAlive()) {
      throw new IllegalStateException("forwarder in " + namespace(n) + " exited: " + Files.readString(log));
    }
    return process;
  }

  /** The directory (target/test-classes) the forwarder's class is loaded from: it needs nothing else. */
  private static String harnessClassPath() {
    try {
      return Path.of(TcpForwarder.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes what an earlier, killed run may have left: namespaces of these names and the bridge. */
  private void removeLeftovers() throws InterruptedException, IOException {
    for (int n = 1; n <= count; n++) {
      run(false, "ip", "netns", "del", namespace(n));
    }
    run(false, "ip", "link", "del", BRIDGE);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    for (Process forwarder : namespaceForwarders) {
      forwarder.destroyForcibly();
      forwarder.waitFor(10, TimeUnit.SECONDS);
    }
    for (TcpForwarder forwarder : gatewayForwarders) {
      forwarder.close();
    }
    // Deleting a namespace deletes its veth end, and with it the peer on the bridge.
    removeLeftovers();
  }

  private static String namespace(int n) {
    return "atrium-n" + n;
  }

  private static String veth(int n) {
    return "atrium-v" + n;
  }

  private static String ip(int n) {
    return SUBNET + n;
  }

  private static void ip(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    run(true, command.toArray(String[]::new));
  }

  private static void run(boolean mustSucceed, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT);
    }
    String output = new String(process.getInputStream().readAllBytes());
    if (mustSucceed && process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
    }
  }
}
