package io.atrium.node.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One real {@code atrium-node.jar} process, on loopback or in a network namespace ({@link NodeHost}).
 * Host and ports are fixed for the life of the object so a restart comes back at the same address (a
 * new incarnation of the same member).
 */
public final class NodeProcess {

  /** A node's answer to an HTTP request: status and parsed JSON body. */
  public record Reply(int status, JsonNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** Beyond the edge's longest ask budget (atrium.records.ask-timeout, 10 s): the edge answers first. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private final String name;
  private final NodeHost host;
  private final NodePorts ports;
  private final List<String> seeds;
  private final Path logFile;
  private final Path dataDir;
  private final Map<String, String> systemProperties;
  private final NodeJvm jvm;
  private Process process;
  private int incarnation;

  /** @param seeds the seed nodes' cluster addresses, {@code host:port}, read at each start */
  NodeProcess(String name, NodeHost host, NodePorts ports, List<String> seeds, Path workDir,
      Map<String, String> systemProperties, NodeJvm jvm) {
    this.name = name;
    this.systemProperties = systemProperties;
    this.jvm = jvm;
    this.host = host;
    this.ports = ports;
    this.seeds = seeds;
    this.logFile = workDir.resolve(name + ".log");
    this.dataDir = workDir.resolve(name + "-data");
  }

  public String name() {
    return name;
  }

  /** The node's cluster address as Pekko prints it: {@code pekko://atrium@127.0.0.1:port}. */
  public String address() {
    return "pekko://atrium@" + clusterHostPort();
  }

  /** {@code host:port} of the node's cluster (Artery) endpoint, as seed nodes are given. */
  String clusterHostPort() {
    return host.ip() + ":" + ports.cluster();
  }

  public int httpPort() {
    return ports.http();
  }

  public Path logFile() {
    return logFile;
  }

  /** Starts a stopped or crashed node again; wait with {@link LocalCluster#awaitMembers}. */
  public void startAgain() {
    start();
  }

  /** Starts (or restarts) the process; returns at once, use {@link LocalCluster} to wait for Up. */
  synchronized NodeProcess start() {
    if (isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    incarnation++;
    try {
      Files.createDirectories(dataDir);
      ProcessBuilder builder = new ProcessBuilder(command())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      builder.environment().putAll(environment());
      Files.writeString(logFile, "=== " + name + " incarnation " + incarnation + " ===\n",
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      process = builder.start();
      return this;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name, e);
    }
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGTERM: the node leaves the cluster gracefully. */
  public void terminate() {
    process.destroy();
  }

  /** SIGKILL: the node vanishes without a word, as in a crash. */
  public void kill() {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(10));
  }

  /** Waits for the process to exit and returns its exit code. */
  public int waitForExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " did not exit within " + timeout);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public Reply get(String path) throws IOException, InterruptedException {
    return send("GET", path, null);
  }

  /**
   * A request with an optional JSON body ({@code Content-Type: application/json}), as the harness's
   * admin of tenant "default" ({@link HarnessAuth#ADMIN_TOKEN}).
   */
  public Reply send(String method, String path, String jsonBody) throws IOException, InterruptedException {
    return send(method, path, jsonBody, HarnessAuth.ADMIN_TOKEN);
  }

  /** Like {@link #send(String, String, String)} with a bearer token of the test's choice ({@code null}: none). */
  public Reply send(String method, String path, String jsonBody, String bearerToken)
      throws IOException, InterruptedException {
    return send(method, path, jsonBody, bearerToken, Map.of());
  }

  /** Like {@link #send(String, String, String, String)} with extra request headers (e.g. {@code If-Match}). */
  public Reply send(String method, String path, String jsonBody, String bearerToken, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = request(method, path, jsonBody, bearerToken);
    headers.forEach(request::header);
    return parse(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
  }

  /** Like {@link #send}, without blocking: for load from many concurrent clients. */
  public CompletableFuture<Reply> sendAsync(String method, String path, String jsonBody) {
    return HTTP.sendAsync(request(method, path, jsonBody, HarnessAuth.ADMIN_TOKEN).build(),
            HttpResponse.BodyHandlers.ofString())
        .thenApply(NodeProcess::parse);
  }

  private HttpRequest.Builder request(String method, String path, String jsonBody, String bearerToken) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + host.ip() + ":" + ports.http() + path))
        .timeout(REQUEST_TIMEOUT);
    if (bearerToken != null) {
      builder.header("Authorization", "Bearer " + bearerToken);
    }
    if (jsonBody == null) {
      return builder.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return builder.header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
  }

  private static Reply parse(HttpResponse<String> response) {
    try {
      JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
      return new Reply(response.statusCode(), body);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  /** The JSON of a GET that answered 200, or a missing node otherwise (down, starting, refused). */
  public JsonNode getOrMissing(String path) {
    try {
      Reply reply = get(path);
      return reply.status() == 200 ? reply.body() : MissingNode.getInstance();
    } catch (IOException e) {
      return MissingNode.getInstance();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return MissingNode.getInstance();
    }
  }

  /** This node's {@code /ops/cluster}, or empty when it does not answer (down, starting). */
  public Optional<JsonNode> clusterView() {
    try {
      Reply reply = get("/ops/cluster");
      return reply.status() == 200 ? Optional.of(reply.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The last lines of this node's log, for failure reports. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile);
      return all.subList(Math.max(0, all.size() - lines), all.size()).stream()
          .collect(Collectors.joining("\n"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  void destroyQuietly() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private List<String> command() {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(host.commandPrefix());
    command.add(java);
    command.addAll(jvm.options());
    // Pauses beside the node's log, to tell a GC pause from a slow request when a timing test fails.
    command.add("-Xlog:gc:file=" + logFile.resolveSibling(name + "-gc.log") + "::filecount=0");
    systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of("-jar", NodeJar.path().toString()));
    return command;
  }

  private Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>(Map.of(
        "ATRIUM_HOST", host.ip(),
        "ATRIUM_HTTP_PORT", Integer.toString(ports.http()),
        "ATRIUM_CLUSTER_PORT", Integer.toString(ports.cluster()),
        "ATRIUM_MANAGEMENT_PORT", Integer.toString(ports.management()),
        "ATRIUM_SEED_NODES", String.join(",", seeds),
        "ATRIUM_DATA_DIR", dataDir.toString()));
    environment.putAll(HarnessAuth.nodeEnvironment());
    return environment;
  }

  @Override
  public String toString() {
    return name + "(" + address() + ", http " + ports.http() + ")";
  }
}
