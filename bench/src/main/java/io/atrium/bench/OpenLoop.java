package io.atrium.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator: requests start at fixed intended times (rate per second, evenly
 * spaced, round-robin over the given URLs) whatever the answers do, and each latency is measured from
 * its intended start, so a stall of the server or of this process counts against every request it
 * delays (no coordinated omission).
 *
 * <p>Why not 48 single-worker {@code hey} processes (the balancer benchmark's first form): on two
 * cores the processes' own wake-ups cost as much as the service; against a trivial 404 at 60 requests/s
 * they measured p50 4.1 ms and p99 24.5 ms, which hid a 20 ms fault in the noise.
 *
 * <p>Prints {@code START <epoch-ms>} when the first request is due, then writes one CSV line per
 * request to {@code --out}: intended start offset (s), latency (ms), status (0: no answer), URL index.
 */
public final class OpenLoop {

  private static final Set<String> OPTIONS = Set.of("urls", "rate", "duration", "body", "content-type", "out", "timeout");

  private OpenLoop() {}

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parse(args, OPTIONS);
    List<URI> urls = Arrays.stream(flags.get("urls", "").split(",")).filter(u -> !u.isBlank()).map(URI::create).toList();
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("--urls: one or more URLs, comma-separated");
    }
    int rate = flags.positiveInt("rate", 60);
    Duration duration = flags.duration("duration", Duration.ofSeconds(20));
    Duration timeout = flags.duration("timeout", Duration.ofSeconds(10));
    String body = flags.get("body", "");
    String contentType = flags.get("content-type", "application/json");
    Path out = Path.of(flags.get("out", "open-loop.csv"));
    byte[] bytes = body.isEmpty() ? null : Files.readAllBytes(Path.of(body));

    int total = (int) Math.min(Integer.MAX_VALUE, duration.toNanos() * rate / 1_000_000_000L);
    long periodNanos = 1_000_000_000L / rate;
    long[] latencyNanos = new long[total];
    int[] status = new int[total];
    CountDownLatch answered = new CountDownLatch(total);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();

    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    System.out.printf(Locale.ROOT, "START %d%n", System.currentTimeMillis() + 100);
    System.out.flush();
    for (int i = 0; i < total; i++) {
      long due = start + i * periodNanos;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      int index = i;
      HttpRequest.Builder request = HttpRequest.newBuilder(urls.get(i % urls.size())).timeout(timeout);
      if (bytes != null) {
        request.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
      }
      client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
        latencyNanos[index] = System.nanoTime() - due;
        status[index] = error == null ? response.statusCode() : 0;
        answered.countDown();
      });
    }
    if (!answered.await(timeout.toSeconds() + 5, TimeUnit.SECONDS)) {
      System.err.println("some requests were never answered; they count as status 0");
    }
    write(out, latencyNanos, status, periodNanos, urls.size());
    System.exit(0);
  }

  private static void write(Path out, long[] latencyNanos, int[] status, long periodNanos, int urls) throws IOException {
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out))) {
      csv.println("offset_s,latency_ms,status,url");
      for (int i = 0; i < latencyNanos.length; i++) {
        csv.printf(Locale.ROOT, "%.4f,%.3f,%d,%d%n", i * periodNanos / 1e9, latencyNanos[i] / 1e6, status[i], i % urls);
      }
    }
  }
}
