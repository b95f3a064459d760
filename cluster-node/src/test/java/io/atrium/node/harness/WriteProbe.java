package io.atrium.node.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The failover probe client (README "Failover"): writes to a fixed set of keys at a steady rate,
 * round-robin over the nodes it is given, each write a PUT with its own Idempotency-Key (so the edge
 * may retry it once). It keeps every outcome with its send and completion time, and the newest
 * acknowledged version and value of every key.
 */
public final class WriteProbe implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A write normally answers in tens of milliseconds; one waiting longer is caught in some trouble. */
  private static final Duration STEADY_LONGEST_WAIT = Duration.ofSeconds(1);
  private static final Pattern ERROR_CODE = Pattern.compile("\"code\":\"([a-z_]+)\"");

  /**
   * One request: when it was sent and answered (nanoTime), its key, status (0: no answer, or no node
   * to send it to) and, for a failure, why (the answer's body or the client's error).
   */
  public record Outcome(long sentNanos, long doneNanos, int key, int status, String failure) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /** The newest acknowledged write of a key. */
  public record Acked(long version, long sequence) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
  private final String collection;
  private final int keys;
  private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
  private final Map<Integer, Acked> acked = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  /** Send times (nanoTime) of the requests not answered yet, by sequence number. */
  private final Map<Long, Long> inFlight = new ConcurrentHashMap<>();
  private volatile Supplier<List<Integer>> ports;

  /** Requests time out after {@link NodeProcess#REQUEST_TIMEOUT}: the edge answers first. */
  public WriteProbe(String collection, int keys) {
    this.collection = collection;
    this.keys = keys;
  }

  /** Starts writing {@code perSecond} requests per second to the nodes {@code ports} lists at each send. */
  public void start(int perSecond, Supplier<List<Integer>> ports) {
    this.ports = ports;
    long periodMicros = 1_000_000L / perSecond;
    ticker.scheduleAtFixedRate(this::sendOne, 0, periodMicros, TimeUnit.MICROSECONDS);
  }

  /** Changes the nodes the next requests go to (e.g. without a killed one). */
  public void target(Supplier<List<Integer>> ports) {
    this.ports = ports;
  }

  private void sendOne() {
    long seq = sequence.incrementAndGet();
    int key = (int) (seq % keys);
    List<Integer> live = ports.get();
    if (live.isEmpty()) {
      long now = System.nanoTime();
      outcomes.add(new Outcome(now, now, key, 0, "no node to send to"));
      return;
    }
    int port = live.get((int) (seq % live.size()));
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path(key)))
        .timeout(NodeProcess.REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + HarnessAuth.ADMIN_TOKEN)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .PUT(HttpRequest.BodyPublishers.ofString("{\"seq\":" + seq + "}"))
        .build();
    long sent = System.nanoTime();
    inFlight.put(seq, sent);
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
      inFlight.remove(seq);
      int status = error == null ? response.statusCode() : 0;
      String failure = error != null ? "port " + port + ": " + error
          : status / 100 == 2 ? null : "port " + port + ": " + status + " " + response.body();
      outcomes.add(new Outcome(sent, System.nanoTime(), key, status, failure));
      if (status == 200 || status == 201) {
        long version = version(response.body());
        acked.merge(key, new Acked(version, seq), (a, b) -> a.version() >= b.version() ? a : b);
      }
    });
  }

  public String path(int key) {
    return "/v1/records/" + collection + "/k-" + key;
  }

  public int keys() {
    return keys;
  }

  /** Stops sending and waits for the answers still outstanding. */
  public void stop() throws InterruptedException {
    ticker.shutdownNow();
    ticker.awaitTermination(5, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + NodeProcess.REQUEST_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(2);
    while (outcomes.size() < sequence.get() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  public List<Outcome> outcomes() {
    return new ArrayList<>(outcomes);
  }

  public Optional<Acked> acked(int key) {
    return Optional.ofNullable(acked.get(key));
  }

  /**
   * Nanoseconds from {@code eventNanos} until every key has had a successful write answered after the
   * event and no request fails any more (the completion of the last failed one); empty if some key
   * never succeeded again.
   */
  public OptionalLong recoveryNanos(long eventNanos) {
    long lastFailure = eventNanos;
    Map<Integer, Long> firstSuccess = new java.util.HashMap<>();
    for (Outcome outcome : outcomes) {
      if (!outcome.ok() && outcome.doneNanos() >= eventNanos) {
        lastFailure = Math.max(lastFailure, outcome.doneNanos());
      }
      if (outcome.ok() && outcome.doneNanos() >= eventNanos) {
        firstSuccess.merge(outcome.key(), outcome.doneNanos(), Math::min);
      }
    }
    if (firstSuccess.size() < keys) {
      return OptionalLong.empty();
    }
    long allKeysWritten = firstSuccess.values().stream().mapToLong(Long::longValue).max().orElse(eventNanos);
    return OptionalLong.of(Math.max(lastFailure, allKeysWritten) - eventNanos);
  }

  /** Requests that failed (non-2xx or no answer) and were answered after {@code eventNanos}. */
  public long failuresAfter(long eventNanos) {
    return failedAfter(eventNanos).count();
  }

  /**
   * Whether the writes are steady: some were acknowledged within the last {@code window}, none failed
   * in it, and none has waited longer than {@link #STEADY_LONGEST_WAIT}. A crash or an operation started before
   * that mixes the start-up's slow answers (JIT, first shard allocations, entity recoveries) into what
   * it measures: "no failure for a while" alone also holds while the first writes still wait.
   */
  public boolean isSteady(Duration window) {
    long now = System.nanoTime();
    long since = now - window.toNanos();
    return outcomes.stream().anyMatch(o -> o.ok() && o.doneNanos() >= since)
        && failuresAfter(since) == 0
        && !inFlightSentBefore(now - STEADY_LONGEST_WAIT.toNanos());
  }

  /** Whether a request sent before {@code nanos} is still waiting for its answer. */
  private boolean inFlightSentBefore(long nanos) {
    return inFlight.values().stream().anyMatch(sent -> sent < nanos);
  }

  /** Requests sent at or after {@code eventNanos}. */
  public long sentAfter(long eventNanos) {
    return outcomes.stream().filter(o -> o.sentNanos() >= eventNanos).count();
  }

  /**
   * The failures answered after {@code eventNanos}, counted by whole second since it and by reason
   * (the error code of a 503, the exception's class for no answer), e.g. {@code {5={503 service_unavailable=10}}}:
   * shows at a glance whether the error window is the crash itself, shedding or timeouts.
   */
  public Map<Long, Map<String, Long>> failuresBySecondAfter(long eventNanos) {
    return failedAfter(eventNanos).collect(Collectors.groupingBy(
        o -> TimeUnit.NANOSECONDS.toSeconds(o.doneNanos() - eventNanos), TreeMap::new,
        Collectors.groupingBy(WriteProbe::reason, TreeMap::new, Collectors.counting())));
  }

  private Stream<Outcome> failedAfter(long eventNanos) {
    return outcomes.stream().filter(o -> !o.ok() && o.doneNanos() >= eventNanos);
  }

  private static String reason(Outcome outcome) {
    if (outcome.status() == 0) {
      String failure = String.valueOf(outcome.failure());
      String suffix = "Exception";
      int exception = failure.lastIndexOf(suffix);
      return exception < 0 ? "no answer"
          : failure.substring(failure.lastIndexOf('.', exception) + 1, exception + suffix.length());
    }
    Matcher code = ERROR_CODE.matcher(outcome.failure());
    return outcome.status() + (code.find() ? " " + code.group(1) : "");
  }

  /** Up to {@code limit} failures answered after {@code eventNanos}, with their reasons, for a report. */
  public List<String> failureReasonsAfter(long eventNanos, int limit) {
    return failedAfter(eventNanos).limit(limit)
        .map(o -> String.format("k-%d at +%.2f s: %s", o.key(), (o.doneNanos() - eventNanos) / 1e9, o.failure()))
        .toList();
  }

  /**
   * Every key's newest acknowledged write reads back through {@code reader} with its version (or a
   * newer one: a write that timed out may still have been applied) and, at that version, its value.
   */
  public void assertEveryAcknowledgedWriteReadsBack(NodeProcess reader) throws IOException, InterruptedException {
    for (int key = 0; key < keys; key++) {
      int k = key;
      Acked newest = acked(key).orElseThrow(() -> new AssertionError("key " + k + " never acked"));
      NodeProcess.Reply reply = reader.get(path(key));
      assertEquals(200, reply.status(), reply.body().toString());
      long version = reply.body().path("version").asLong();
      assertTrue(version >= newest.version(), "key " + key + ": acknowledged version " + newest.version()
          + " lost, stored " + version);
      if (version == newest.version()) {
        assertEquals(newest.sequence(), reply.body().path("value").path("seq").asLong(),
            "key " + key + " holds another value than the acknowledged one");
      }
    }
  }

  private static long version(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      return json.path("version").asLong();
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + body, e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
