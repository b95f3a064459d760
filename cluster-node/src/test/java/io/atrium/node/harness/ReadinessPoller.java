package io.atrium.node.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What a load balancer does: polls {@code /health/ready} of every running node at a fixed interval
 * and sends traffic only to the nodes whose latest answer was 200. Any other answer, a refused
 * connection or no answer within the poll timeout makes the node not ready. Polls overlap when a node
 * answers slower than the interval; an answer to an older poll never replaces a newer one.
 */
public final class ReadinessPoller implements AutoCloseable {

  /** The latest answer of a node, by the sequence number of the poll that asked. */
  private record Answer(long poll, boolean ready) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
  private final Map<NodeProcess, Answer> answers = new ConcurrentHashMap<>();
  private final AtomicLong polls = new AtomicLong();
  private final Supplier<List<NodeProcess>> nodes;
  private final Duration timeout;

  private ReadinessPoller(Supplier<List<NodeProcess>> nodes, Duration timeout) {
    this.nodes = nodes;
    this.timeout = timeout;
  }

  /**
   * Starts polling the nodes {@code nodes} lists at each round (e.g. the cluster's running nodes)
   * every {@code interval}, each poll waiting at most {@code timeout} for the answer.
   */
  public static ReadinessPoller start(Supplier<List<NodeProcess>> nodes, Duration interval, Duration timeout) {
    ReadinessPoller poller = new ReadinessPoller(nodes, timeout);
    poller.ticker.scheduleAtFixedRate(poller::pollAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return poller;
  }

  private void pollAll() {
    long poll = polls.incrementAndGet();
    List<NodeProcess> current = nodes.get();
    answers.keySet().retainAll(current);
    for (NodeProcess node : current) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/health/ready"))
          .timeout(timeout)
          .GET()
          .build();
      http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) ->
          // An answer to an older poll that arrives late must not undo a newer one.
          answers.merge(node, new Answer(poll, error == null && response.statusCode() == 200),
              (old, latest) -> latest.poll() >= old.poll() ? latest : old));
    }
  }

  /** HTTP ports of the nodes that answered ready to their latest poll. */
  public List<Integer> readyPorts() {
    return answers.entrySet().stream()
        .filter(e -> e.getValue().ready() && e.getKey().isAlive())
        .map(e -> e.getKey().httpPort())
        .sorted()
        .toList();
  }

  public boolean isReady(NodeProcess node) {
    Answer answer = answers.get(node);
    return answer != null && answer.ready();
  }

  @Override
  public void close() throws InterruptedException {
    ticker.shutdownNow();
    ticker.awaitTermination(5, TimeUnit.SECONDS);
  }
}
