package io.atrium.edge.streams;

import static io.atrium.edge.TestHttp.contentType;
import static io.atrium.edge.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.edge.auth.TestAuth;
import io.atrium.edge.TestClusterNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.edge.TestHttp;
import io.atrium.edge.errors.JsonErrorHandling;
import io.atrium.sharding.streams.StreamEntity;
import io.atrium.sharding.streams.StreamSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The streams API over real HTTP, sealed as the edge seals it, on a one-node cluster with sharding
 * and the in-memory journal (events serialized through jackson-cbor) plus a local snapshot store.
 * The server's clock is fixed so default timestamps and the future limit are deterministic.
 */
class StreamRoutesTest {

  private static final long NOW = 1_699_999_230_000L; // 30 s into an hour
  private static final int MAX_EVENTS = 1000;
  /** Above the edge's default body limit (1m, set below as atrium-defaults.conf sets it). */
  private static final int MAX_BYTES = 1536 * 1024;
  private static final String JSON = "application/json";
  private static final String NDJSON = "application/x-ndjson";
  private static final AtomicInteger STREAMS = new AtomicInteger();

  private static Path snapshots;
  private static ActorTestKit testKit;
  private static TestHttp http;

  @BeforeAll
  static void start() throws IOException {
    snapshots = Files.createTempDirectory("stream-routes-snapshots");
    testKit = TestClusterNode.create("StreamRoutesTest", """
        pekko.persistence.journal.plugin = "pekko.persistence.journal.inmem"
        pekko.persistence.journal.inmem.test-serialization = on
        pekko.persistence.snapshot-store.plugin = "pekko.persistence.snapshot-store.local"
        pekko.persistence.snapshot-store.local.dir = "%s"
        pekko.http.server.parsing.max-content-length = 1m
        pekko.actor.serialization-bindings {
          "io.atrium.persistence.serialization.CborSerializable" = jackson-cbor
        }
        atrium.streams {
          max-events-per-request = %d
          max-request-bytes = %d
          snapshot-every = 2
          body-read-timeout = 1s
          retention.seconds = 10
        }
        """.formatted(snapshots.toString().replace("\\", "/"), MAX_EVENTS, MAX_BYTES));
    TestClusterNode.joinSelfAndAwaitUp(testKit);
    StreamSettings settings = StreamSettings.fromConfig(testKit.system().settings().config());
    StreamEntity.init(testKit.system(), settings);
    Clock fixed = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    StreamRoutes routes = new StreamRoutes(testKit.system(), settings, fixed);
    http = TestHttp.bind(testKit.system(),
        TestAuth.around(TestAuth.disabled(), new JsonErrorHandling(Duration.ofSeconds(1)), routes.route()));
  }

  @AfterAll
  static void stop() throws IOException {
    if (http != null) {
      http.close();
    }
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
    try (Stream<Path> files = Files.walk(snapshots)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** A stream name no other test uses. */
  private static String newStream() {
    return "s" + STREAMS.incrementAndGet();
  }

  private static HttpResponse<String> post(String stream, String contentType, String body) {
    return http.post("/v1/streams/" + stream + "/events", contentType, body);
  }

  private static HttpResponse<String> stats(String stream, String query) {
    return http.get("/v1/streams/" + stream + "/stats" + query);
  }

  private static String events(int n, long ts) {
    return IntStream.range(0, n).mapToObj(i -> "{\"ts\":" + ts + ",\"value\":" + i + "}")
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static JsonNode assertError(HttpResponse<String> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(JSON, contentType(response));
    JsonNode error = json(response).path("error");
    assertEquals(code, error.path("code").asText(), response.body());
    assertTrue(error.path("message").isTextual(), response.body());
    return error;
  }

  private static void assertNothingStored(String stream) {
    assertError(stats(stream, ""), 404, "stream_not_found");
  }

  @Test
  void postedArrayIsAcceptedDurablyWithASequencePerBatch() {
    String stream = newStream();

    HttpResponse<String> first = post(stream, JSON, "[{\"ts\":" + NOW + ",\"value\":1.5},{\"value\":-2}]");
    assertEquals(200, first.statusCode(), first.body());
    assertEquals(JSON, contentType(first));
    assertEquals(2, json(first).path("accepted").asInt());
    assertEquals(1, json(first).path("sequence").asLong());

    HttpResponse<String> second = post(stream, JSON, events(MAX_EVENTS, NOW - 1000));
    assertEquals(200, second.statusCode(), second.body());
    assertEquals(MAX_EVENTS, json(second).path("accepted").asInt());
    assertEquals(2, json(second).path("sequence").asLong());
  }

  @Test
  void ndjsonIsAccepted() {
    String stream = newStream();
    String body = "{\"ts\":" + NOW + ",\"value\":3}\n{\"value\":4,\"tags\":{\"host\":\"a\"}}\n\n{\"value\":5e0}\n";

    HttpResponse<String> response = post(stream, NDJSON, body);

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(3, json(response).path("accepted").asInt());
    assertEquals(12.0, json(stats(stream, "?window=1s")).path("allTime").path("sum").asDouble());
  }

  @Test
  void statsReportWindowsAllTimeAndLate() {
    String stream = newStream();
    // 1s windows at NOW-2s and NOW (default ts); one event 60 s back, beyond the 10 retained 1s windows.
    post(stream, JSON, "[{\"ts\":" + (NOW - 2000) + ",\"value\":10},{\"ts\":" + (NOW - 1500) + ",\"value\":30}]");
    post(stream, JSON, "[{\"value\":0},{\"value\":-4,\"tags\":{\"k\":\"v\"}},{\"ts\":" + (NOW - 60_000) + ",\"value\":100}]");

    HttpResponse<String> response = stats(stream, "?window=1s&last=10");

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(JSON, contentType(response));
    JsonNode body = json(response);
    assertEquals(stream, body.path("stream").asText());
    assertEquals("1s", body.path("window").asText());
    assertEquals(1, body.path("late").asLong());
    JsonNode windows = body.path("windows");
    assertEquals(2, windows.size(), body.toString());
    JsonNode older = windows.path(0);
    assertEquals(NOW - 2000, older.path("start").asLong());
    assertEquals(2, older.path("count").asLong());
    assertEquals(40.0, older.path("sum").asDouble());
    assertEquals(10.0, older.path("min").asDouble());
    assertEquals(30.0, older.path("max").asDouble());
    assertEquals(20.0, older.path("mean").asDouble());
    assertEquals(10.0, older.path("p50").asDouble(), 10.0 * 0.01);
    assertEquals(30.0, older.path("p999").asDouble(), 30.0 * 0.01);
    JsonNode newer = windows.path(1);
    assertEquals(NOW, newer.path("start").asLong(), "ts defaults to the arrival time");
    assertEquals(-4.0, newer.path("min").asDouble());
    assertEquals(0.0, newer.path("max").asDouble());

    JsonNode allTime = body.path("allTime");
    assertEquals(5, allTime.path("count").asLong(), "late events count in all-time");
    assertEquals(136.0, allTime.path("sum").asDouble());
    assertEquals(-4.0, allTime.path("min").asDouble());
    assertEquals(100.0, allTime.path("max").asDouble());
    assertEquals(10.0, allTime.path("p50").asDouble(), 0.1);
    for (String field : new String[] {"mean", "p90", "p99", "p999"}) {
      assertTrue(allTime.path(field).isNumber(), field + " in " + allTime);
    }
    assertTrue(allTime.path("start").isMissingNode());

    JsonNode minutes = json(stats(stream, "?window=1m"));
    assertEquals("1m", minutes.path("window").asText());
    assertEquals(0, minutes.path("late").asLong());
    assertEquals(2, minutes.path("windows").size(), "the late event's minute and this one");
    assertEquals(2, json(stats(stream, "?window=1h")).path("windows").size(), "NOW - 60 s is in the hour before");
    assertEquals(1, json(stats(stream, "?window=1s&last=1")).path("windows").size());
  }

  @Test
  void invalidItemIsA400NamingTheFirstBadIndexAndStoresNothing() {
    String stream = newStream();
    String body = "[{\"value\":1},{\"value\":2},{\"value\":\"3\"},{\"value\":null}]";

    JsonNode error = assertError(post(stream, JSON, body), 400, "invalid_event");

    assertEquals("events[2].value must be a number", error.path("message").asText());
    assertNothingStored(stream);
  }

  @Test
  void everyItemRuleNamesItsField() {
    String stream = newStream();
    String[][] cases = {
        {"[{\"ts\":1}]", "events[0].value is required"},
        {"[1]", "events[0] must be an object with a numeric \"value\""},
        {"[{\"value\":1,\"ts\":1.5}]", "events[0].ts must be an integer (epoch milliseconds)"},
        {"[{\"value\":1,\"ts\":-1}]", "events[0].ts must not be negative"},
        {"[{\"value\":1},{\"value\":1,\"ts\":" + (NOW + 60_001) + "}]",
            "events[1].ts is more than 60000 ms ahead of the server's clock"},
        {"[{\"value\":1e999}]", "events[0].value is out of range"},
        {"[{\"value\":1,\"tags\":[\"a\"]}]", "events[0].tags must be an object of strings"},
        {"[{\"value\":1,\"tags\":{\"a\":1}}]", "events[0].tags.a must be a string"},
    };
    for (String[] c : cases) {
      assertEquals(c[1], assertError(post(stream, JSON, c[0]), 400, "invalid_event").path("message").asText(), c[0]);
    }
    assertEquals(200, post(stream, JSON, "[{\"value\":1,\"ts\":" + (NOW + 60_000) + ",\"extra\":{\"x\":[1]}}]")
        .statusCode(), "the limit itself and unknown fields are fine");
  }

  @Test
  void malformedJsonIsA400AndStoresNothing() {
    String stream = newStream();

    assertError(post(stream, JSON, "[{\"value\":1},{\"value\":"), 400, "malformed_json");
    assertError(post(stream, JSON, "[{\"value\":1}] trailing"), 400, "malformed_json");
    assertError(post(stream, JSON, "[{\"value\":1,\"value\":2}]"), 400, "malformed_json");
    assertError(post(stream, NDJSON, "{\"value\":1}\n{\"value\":2"), 400, "malformed_json");

    assertNothingStored(stream);
  }

  @Test
  void bodyThatIsNotABatchIsA400() {
    String stream = newStream();
    assertEquals("The body must be a JSON array of events",
        assertError(post(stream, JSON, "{\"value\":1}"), 400, "invalid_body").path("message").asText());
    assertEquals("The body holds no events",
        assertError(post(stream, JSON, "[]"), 400, "invalid_body").path("message").asText());
    assertError(post(stream, NDJSON, "\n"), 400, "invalid_body");
    assertNothingStored(stream);
  }

  @Test
  void badStreamNameIsA400() {
    assertError(post("bad%20name", JSON, "[{\"value\":1}]"), 400, "invalid_stream_name");
    assertError(post("x".repeat(129), JSON, "[{\"value\":1}]"), 400, "invalid_stream_name");
    assertError(stats("bad%2Fname", "?window=1s"), 400, "invalid_stream_name");
  }

  @Test
  void wrongContentTypeIsA415AndStoresNothing() {
    String stream = newStream();
    assertError(post(stream, "text/plain", "[{\"value\":1}]"), 415, "unsupported_media_type");
    assertError(post(stream, "application/xml", "<value>1</value>"), 415, "unsupported_media_type");
    assertNothingStored(stream);
  }

  @Test
  void moreEventsThanTheLimitIsA413AndStoresNothing() {
    String stream = newStream();
    JsonNode error = assertError(post(stream, JSON, events(MAX_EVENTS + 1, NOW)), 413, "payload_too_large");
    assertEquals("A request may carry at most 1000 events", error.path("message").asText());
    assertNothingStored(stream);
  }

  /** One event padded with an ignored field to {@code bytes} bytes of JSON. */
  private static String paddedBody(int bytes) {
    String head = "[{\"value\":1,\"ignored\":\"";
    String tail = "\"}]";
    return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
  }

  @Test
  void bodyAboveTheServersDefaultLimitButWithinTheStreamsLimitIsAccepted() {
    HttpResponse<String> response = post(newStream(), JSON, paddedBody(MAX_BYTES));
    assertEquals(200, response.statusCode(), response.body());
  }

  @Test
  void bodyLargerThanTheLimitIsA413AndStoresNothing() throws Exception {
    String stream = newStream();
    TestHttp.RawReply reply = http.sendHeadOnly("POST", "/v1/streams/" + stream + "/events", JSON, MAX_BYTES + 1);

    assertEquals(413, reply.status());
    assertEquals("payload_too_large", new ObjectMapper().readTree(reply.body()).path("error").path("code").asText());
    assertNothingStored(stream);
  }

  @Test
  void chunkedBodyLargerThanTheLimitIsA413AndStoresNothing() {
    String stream = newStream();
    byte[] body = paddedBody(MAX_BYTES + 1).getBytes(StandardCharsets.UTF_8);
    // No Content-Length: the limit can only trip while the body streams in.
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            http.uri("/v1/streams/" + stream + "/events"))
        .header("Content-Type", JSON)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

    assertError(response, 413, "payload_too_large");
    assertNothingStored(stream);
  }

  @Test
  void bodyThatStopsArrivingIsA408AndStoresNothing() throws IOException {
    String stream = newStream();
    try (Socket socket = new Socket("127.0.0.1", http.uri("/").getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/streams/" + stream + "/events HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n[{\"value\":1}").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // The server answers once body-read-timeout (1 s) has passed; the read blocks until then.
      String response = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertEquals("HTTP/1.1 408", response);
    }
    assertNothingStored(stream);
  }

  @Test
  void statsOfAStreamNeverWrittenIsA404() {
    JsonNode error = assertError(stats(newStream(), "?window=1m&last=5"), 404, "stream_not_found");
    assertTrue(error.path("message").asText().contains("No events"), error.toString());
  }

  @Test
  void badWindowOrLastIsA400() {
    String stream = newStream();
    post(stream, JSON, "[{\"value\":1}]");
    assertEquals("window must be one of 1s, 1m, 1h",
        assertError(stats(stream, "?window=5m"), 400, "invalid_parameter").path("message").asText());
    for (String last : new String[] {"0", "-1", "abc", "11", "1.5", ""}) {
      JsonNode error = assertError(stats(stream, "?window=1s&last=" + last), 400, "invalid_parameter");
      assertEquals("last must be an integer from 1 to 10 for 1s windows", error.path("message").asText());
    }
    assertEquals(200, stats(stream, "?window=1s&last=10").statusCode());
  }

  @Test
  void otherMethodsAreA405() {
    String stream = newStream();
    assertEquals(405, http.get("/v1/streams/" + stream + "/events").statusCode());
    assertEquals(405, http.post("/v1/streams/" + stream + "/stats", JSON, "[]").statusCode());
  }

  @Test
  void snapshotsAreWrittenThroughTheRealSerializerWhileIngestGoesOn() {
    String stream = newStream();
    for (int b = 0; b < 5; b++) { // snapshot-every = 2: snapshots after batches 2 and 4
      assertEquals(b + 1, json(post(stream, JSON, events(100, NOW - b * 1000L))).path("sequence").asLong());
    }
    JsonNode allTime = json(stats(stream, "?window=1s")).path("allTime");
    assertEquals(500, allTime.path("count").asLong());
    assertEquals(5 * 4950.0, allTime.path("sum").asDouble());
    assertEquals(99.0, allTime.path("max").asDouble());
    // Snapshot files are named after the persistence id (URL-encoded); saving is asynchronous.
    TestHttp.awaitUntil("a snapshot of " + stream, Duration.ofSeconds(5), () -> snapshotFiles(stream) > 0);
  }

  private static long snapshotFiles(String stream) {
    try (Stream<Path> files = Files.list(snapshots)) {
      return files.filter(f -> f.getFileName().toString().contains("streams%2F" + stream + "-")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
