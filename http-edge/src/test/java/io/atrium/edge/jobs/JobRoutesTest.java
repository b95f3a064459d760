package io.atrium.edge.jobs;

import static io.atrium.edge.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.atrium.edge.TestHttp;
import io.atrium.edge.auth.TestTokens;
import io.atrium.sharding.jobs.JobSettings;
import io.atrium.sharding.jobs.JobTypes;
import io.atrium.sharding.jobs.rows.ChunkRows;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/datasets} and {@code /v1/jobs} over real HTTP against the sharded job entities and the
 * chunk worker, with datasets, partials and the task queue in memory. Every task is delivered twice,
 * so each test also checks that a redelivered chunk counts once.
 */
class JobRoutesTest {

  private static final String NDJSON = "application/x-ndjson";
  private static final String POISON = "POISON-ROW";
  private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule()).build();
  private static final String TOKEN = TestTokens.hs256("alpha", "client");
  private static final String OTHER_TENANT = TestTokens.hs256("beta", "client");
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(20);

  @TempDir
  static Path snapshots;

  private static JobsTestNode node;
  private static TestHttp http;

  @BeforeAll
  static void start() {
    node = JobsTestNode.start(snapshots, """
        atrium.jobs.chunk-bytes = 256
        atrium.jobs.datasets.max-bytes = 64KiB
        atrium.jobs.backlog-per-tenant = 2
        atrium.jobs.retry.min-backoff = 10ms
        atrium.jobs.retry.max-backoff = 20ms
        atrium.jobs.events-interval = 50ms
        atrium.jobs.aggregate.max-groups = 20
        atrium.jobs.fault-injection.poison-marker = "%s"
        """.formatted(POISON));
    http = node.http;
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static HttpResponse<String> call(String method, String path, String contentType, String body, String token) {
    return contentType == null
        ? http.request(method, path, body, "Authorization", "Bearer " + token)
        : http.request(method, path, body, "Authorization", "Bearer " + token, "Content-Type", contentType);
  }

  private static HttpResponse<String> call(String method, String path, String contentType, String body) {
    return call(method, path, contentType, body, TOKEN);
  }

  private static String upload(String contentType, String body) {
    HttpResponse<String> created = call("POST", "/v1/datasets", contentType, body);
    assertEquals(201, created.statusCode(), created.body());
    return json(created).get("dataset").asText();
  }

  private static String sales(int rows, long seed) {
    Random random = new Random(seed);
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      ndjson.append("{\"region\":\"r").append(random.nextInt(4)).append("\",\"amount\":")
          .append(random.nextInt(1000) / 10.0).append(",\"user\":\"u").append(random.nextInt(50)).append("\"}\n");
    }
    return ndjson.toString();
  }

  private static HttpResponse<String> submit(String type, String dataset, String params) {
    return call("POST", "/v1/jobs", "application/json",
        "{\"type\":\"" + type + "\",\"dataset\":\"" + dataset + "\",\"params\":" + params + "}");
  }

  private static String submitted(String type, String dataset, String params) {
    HttpResponse<String> accepted = submit(type, dataset, params);
    assertEquals(202, accepted.statusCode(), accepted.body());
    String job = json(accepted).get("job").asText();
    assertEquals("/v1/jobs/" + job, accepted.headers().firstValue("Location").orElseThrow());
    return job;
  }

  private static JsonNode awaitStatus(String job, String status) {
    TestHttp.awaitUntil("job " + job + " " + status, JOB_TIMEOUT,
        () -> json(call("GET", "/v1/jobs/" + job, null, null)).get("status").asText().equals(status));
    return json(call("GET", "/v1/jobs/" + job, null, null));
  }

  /** What the core computes over the same text in one piece, single-threaded, as JSON. */
  private static JsonNode expected(String type, String params, String ndjson) throws Exception {
    var rows = ChunkRows.of(DatasetSchema.ndjson(), 1, ndjson.getBytes(StandardCharsets.UTF_8));
    var settings = JobSettings.fromConfig(node.testKit.system().settings().config());
    // Through text, as the client gets it, so that number node types compare alike.
    return MAPPER.readTree(MAPPER.writeValueAsString(
        JobTypes.create(settings).compute(type, MAPPER.readTree(params), rows)));
  }

  // ---- datasets -------------------------------------------------------------------------------

  @Test
  void anUploadIsCutIntoChunksAndReadableOnlyByItsTenant() {
    String body = sales(100, 1);
    HttpResponse<String> created = call("POST", "/v1/datasets", NDJSON, body);
    assertEquals(201, created.statusCode(), created.body());
    JsonNode reply = json(created);
    assertEquals(100, reply.get("rows").asLong());
    assertEquals(body.getBytes(StandardCharsets.UTF_8).length, reply.get("bytes").asLong());
    assertTrue(reply.get("chunks").asInt() > 10, reply.toString());
    String id = reply.get("dataset").asText();

    JsonNode read = json(call("GET", "/v1/datasets/" + id, null, null));
    assertEquals("ndjson", read.get("format").asText());
    assertEquals(reply.get("chunks"), read.get("chunks"));
    assertTrue(call("GET", "/v1/datasets", null, null).body().contains(id));

    assertEquals(404, call("GET", "/v1/datasets/" + id, null, null, OTHER_TENANT).statusCode());
    assertEquals(404, call("DELETE", "/v1/datasets/" + id, null, null, OTHER_TENANT).statusCode());
    assertTrue(!call("GET", "/v1/datasets", null, null, OTHER_TENANT).body().contains(id));

    assertEquals(204, call("DELETE", "/v1/datasets/" + id, null, null).statusCode());
    assertEquals(404, call("GET", "/v1/datasets/" + id, null, null).statusCode());
  }

  @Test
  void csvTakesItsColumnsFromTheHeader() {
    HttpResponse<String> created = call("POST", "/v1/datasets", "text/csv", "name,score\nada,3\nbob,4\n");
    assertEquals(201, created.statusCode(), created.body());
    JsonNode read = json(call("GET", "/v1/datasets/" + json(created).get("dataset").asText(), null, null));
    assertEquals("csv", read.get("format").asText());
    assertEquals("[\"name\",\"score\"]", read.get("columns").toString());
    assertEquals(2, read.get("rows").asLong());
  }

  @Test
  void aMalformedRowIsA400NamingItsLineAndStoresNothing() {
    int chunksBefore = node.datasets.storedChunks();
    HttpResponse<String> refused = call("POST", "/v1/datasets", NDJSON, sales(40, 2) + "{\"broken\": \n" + sales(5, 3));
    assertEquals(400, refused.statusCode(), refused.body());
    assertEquals("malformed_row", json(refused).get("error").get("code").asText());
    assertTrue(json(refused).get("error").get("message").asText().startsWith("line 41:"), refused.body());
    assertEquals(chunksBefore, node.datasets.storedChunks(), "the chunks written before the bad line are gone");
    assertEquals(0, node.datasets.pendingUploads());
  }

  @Test
  void aBodyOverTheLimitIs413AndAnotherMediaType415() {
    HttpResponse<String> tooLarge = call("POST", "/v1/datasets", NDJSON, sales(2000, 4));
    assertEquals(413, tooLarge.statusCode(), tooLarge.body());
    assertEquals(0, node.datasets.pendingUploads());
    assertEquals(415, call("POST", "/v1/datasets", "application/json", "[]").statusCode());
  }

  // ---- jobs -----------------------------------------------------------------------------------

  @Test
  void anAggregateEqualsTheSingleThreadedComputationAndCountsEachChunkOnce() throws Exception {
    String body = sales(300, 5);
    String dataset = upload(NDJSON, body);
    String params = "{\"groupBy\":[\"region\"],\"field\":\"amount\",\"distinct\":\"user\"}";
    String job = submitted("aggregate", dataset, params);

    JsonNode done = awaitStatus(job, "succeeded");
    JsonNode datasetView = json(call("GET", "/v1/datasets/" + dataset, null, null));
    assertEquals(datasetView.get("chunks").asInt(), done.get("chunksDone").asInt());
    assertEquals(datasetView.get("chunks").asInt(), done.get("chunksTotal").asInt());
    assertEquals(300, done.get("rows").asLong(), "each chunk counted once although delivered twice");
    HttpResponse<String> result = call("GET", "/v1/jobs/" + job + "/result", null, null);
    assertEquals(200, result.statusCode(), result.body());
    assertEquals(expected("aggregate", params, body), json(result));
    assertEquals(404, call("GET", "/v1/jobs/" + job, null, null, OTHER_TENANT).statusCode());
  }

  @Test
  void topkOverAnEmptyDatasetSucceedsWithAnEmptyResult() throws Exception {
    String dataset = upload(NDJSON, "");
    String job = submitted("topk", dataset, "{\"field\":\"user\",\"k\":3}");
    awaitStatus(job, "succeeded");
    assertEquals(expected("topk", "{\"field\":\"user\",\"k\":3}", ""),
        json(call("GET", "/v1/jobs/" + job + "/result", null, null)));
  }

  @Test
  void invalidSubmissionsAreRefusedBeforeAnythingIsStored() {
    String dataset = upload(NDJSON, sales(3, 6));
    HttpResponse<String> badParams = submit("aggregate", dataset, "{\"groupBy\":\"region\"}");
    assertEquals(400, badParams.statusCode(), badParams.body());
    assertTrue(json(badParams).get("error").get("message").asText().contains("params.groupBy"), badParams.body());
    assertEquals(400, submit("nosuch", dataset, "{}").statusCode());
    assertEquals(400, call("POST", "/v1/jobs", "application/json", "not json").statusCode());
    assertEquals(404, submit("topk", "no-such-dataset", "{\"field\":\"user\"}").statusCode());
    assertEquals(404, call("GET", "/v1/jobs/no-such-job", null, null).statusCode());
  }

  @Test
  void withTheQueueDownSubmissionIs503WithRetryAfter() {
    String dataset = upload(NDJSON, sales(3, 7));
    node.queueUp.set(false);
    try {
      HttpResponse<String> refused = submit("topk", dataset, "{\"field\":\"user\"}");
      assertEquals(503, refused.statusCode(), refused.body());
      assertTrue(refused.headers().firstValue("Retry-After").isPresent());
    } finally {
      node.queueUp.set(true);
    }
  }

  @Test
  void aFullBacklogIs429AndACancelledJobProcessesNoFurtherChunk() {
    String dataset = upload(NDJSON, sales(50, 8));
    node.queue().pause();
    String first;
    String second;
    try {
      first = submitted("topk", dataset, "{\"field\":\"user\"}");
      second = submitted("topk", dataset, "{\"field\":\"user\"}");
      HttpResponse<String> full = submit("topk", dataset, "{\"field\":\"user\"}");
      assertEquals(429, full.statusCode(), full.body());
      assertTrue(full.headers().firstValue("Retry-After").isPresent());

      HttpResponse<String> cancelled = call("DELETE", "/v1/jobs/" + first, null, null);
      assertEquals(200, cancelled.statusCode(), cancelled.body());
      assertEquals("cancelled", json(cancelled).get("status").asText());
      assertEquals(409, call("GET", "/v1/jobs/" + first + "/result", null, null).statusCode());
    } finally {
      node.queue().resume();
    }
    awaitStatus(second, "succeeded");
    JsonNode cancelled = awaitStatus(first, "cancelled");
    assertEquals(0, cancelled.get("chunksDone").asInt());
    assertEquals(0, node.partials.partialsOf(first), "no chunk of the cancelled job ran");
    // The cancelled job's place in the backlog is free again.
    String third = submitted("topk", dataset, "{\"field\":\"user\"}");
    awaitStatus(third, "succeeded");
  }

  @Test
  void aPoisonChunkIsDeadLetteredAndFailsItsJobNamingTheChunk() {
    String poisoned = upload(NDJSON, sales(20, 9) + "{\"user\":\"" + POISON + "\"}\n" + sales(20, 10));
    String healthy = upload(NDJSON, sales(40, 11));
    String bad = submitted("topk", poisoned, "{\"field\":\"user\"}");
    String good = submitted("topk", healthy, "{\"field\":\"user\"}");

    JsonNode failed = awaitStatus(bad, "failed");
    awaitStatus(good, "succeeded");
    int chunk = failed.get("error").get("chunk").asInt();
    assertTrue(failed.get("error").get("message").asText().startsWith("chunk " + chunk + " failed 3 times"),
        failed.toString());
    assertTrue(node.queue().deadLetters.stream()
        .anyMatch(letter -> letter.task().spec().job().equals(bad) && letter.task().chunk() == chunk));
  }

  @Test
  void aResultOverTheGroupLimitFailsTheJobWithTheReason() {
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      rows.append("{\"user\":\"u").append(i).append("\",\"amount\":1}\n");
    }
    // Each chunk holds a few groups; only their merge has more than max-groups.
    String dataset = upload(NDJSON, rows.toString());
    String job = submitted("aggregate", dataset, "{\"groupBy\":[\"user\"],\"field\":\"amount\"}");
    JsonNode failed = awaitStatus(job, "failed");
    assertTrue(failed.get("error").get("message").asText().contains("atrium.jobs.aggregate.max-groups"),
        failed.toString());
    assertTrue(failed.get("error").get("chunk") == null, "no single chunk is to blame: " + failed);
  }

  @Test
  void theEventsStreamEndsWithTheFinalStatus() {
    String dataset = upload(NDJSON, sales(30, 12));
    String job = submitted("topk", dataset, "{\"field\":\"region\"}");
    HttpResponse<String> events = call("GET", "/v1/jobs/" + job + "/events", null, null);
    assertEquals(200, events.statusCode());
    assertTrue(events.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
    List<String> kinds = events.body().lines().filter(line -> line.startsWith("event:")).toList();
    assertEquals("event:end", kinds.get(kinds.size() - 1), events.body());
    assertTrue(events.body().contains("\"status\":\"succeeded\""), events.body());
  }

  @Test
  void anImportWritesRecordsThroughTheEntitiesWithPerRowOutcomes() {
    String dataset = upload("text/csv", "id,name\n1,ada\n2,bob\n,nobody\n1,ada again\n");
    String job = submitted("import", dataset, "{\"collection\":\"people\",\"keyField\":\"id\"}");
    awaitStatus(job, "succeeded");
    JsonNode result = json(call("GET", "/v1/jobs/" + job + "/result", null, null));
    assertEquals(2, result.get("created").asLong(), result.toString());
    assertEquals(1, result.get("updated").asLong(), result.toString());
    assertEquals(1, result.get("failed").asLong(), result.toString());
    JsonNode record = json(call("GET", "/v1/records/people/1", null, null));
    assertEquals("ada again", record.get("value").get("name").asText());
  }
}
