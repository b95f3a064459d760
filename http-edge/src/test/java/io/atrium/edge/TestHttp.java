package io.atrium.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;

/** A route bound on an ephemeral port and called over real HTTP, the way clients see it. */
public final class TestHttp implements AutoCloseable {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final ServerBinding binding;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private TestHttp(ServerBinding binding) {
    this.binding = binding;
  }

  public static TestHttp bind(ActorSystem<?> system, Route route) {
    return bind(system, route, ServerSettings.create(system.classicSystem()));
  }

  /** Binds with explicit server settings (e.g. a short request timeout). */
  public static TestHttp bind(ActorSystem<?> system, Route route, ServerSettings settings) {
    try {
      return new TestHttp(Http.get(system).newServerAt("127.0.0.1", 0).withSettings(settings).bind(route)
          .toCompletableFuture().get(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new IllegalStateException("cannot bind test route", e);
    }
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path);
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public HttpResponse<String> post(String path, String contentType, String body) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /**
   * Any method, with headers given as name, value, name, value … and a body ({@code null}: none).
   * Content-Type, if any, is one of the headers.
   */
  public HttpResponse<String> request(String method, String path, String body, String... headers) {
    HttpRequest.BodyPublisher publisher = body == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method(method, publisher);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  /**
   * Sends only the request head, declaring a body of {@code declaredLength} bytes, and returns the
   * status line and body of the answer. For limits the server enforces from Content-Length: sending
   * a real oversized body races with the server's early answer (it replies 413 and closes while the
   * client is still writing, and the client sees a broken pipe instead of the answer).
   */
  public RawReply sendHeadOnly(String method, String path, String contentType, long declaredLength) {
    try (java.net.Socket socket = new java.net.Socket(uri(path).getHost(), uri(path).getPort())) {
      socket.setSoTimeout((int) CALL_TIMEOUT.toMillis());
      String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
          + "\r\nContent-Length: " + declaredLength + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
          socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      int status = Integer.parseInt(in.readLine().split(" ")[1]);
      int length = 0;
      String line;
      while (!(line = in.readLine()).isEmpty()) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring("content-length:".length()).trim());
        }
      }
      char[] body = new char[length];
      int read = 0;
      while (read < length) {
        int n = in.read(body, read, length - read);
        if (n < 0) {
          break;
        }
        read += n;
      }
      return new RawReply(status, new String(body, 0, read));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Status and body of a raw exchange. */
  public record RawReply(int status, String body) {}

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.timeout(CALL_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  public static String contentType(HttpResponse<String> response) {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  /** Polls {@code condition} until it holds; fails after {@code timeout}. */
  public static void awaitUntil(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  @Override
  public void close() {
    try {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot unbind test route", e);
    }
  }
}
