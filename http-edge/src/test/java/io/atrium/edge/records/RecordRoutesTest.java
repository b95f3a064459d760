package io.atrium.edge.records;

import static io.atrium.edge.TestHttp.contentType;
import static io.atrium.edge.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.edge.TestHttp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every status code of {@code /v1/records/{collection}/{key}} over real HTTP against sharded
 * entities. Each test writes its own keys. Every error is the JSON error model.
 */
class RecordRoutesTest {

  private static final String COLLECTION = "things";
  private static final String JSON = "application/json";
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final int MIB = 1024 * 1024;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final AtomicInteger KEYS = new AtomicInteger();

  @TempDir
  static Path snapshots;

  private static RecordsTestNode node;
  private static TestHttp http;

  @BeforeAll
  static void start() {
    node = RecordsTestNode.start("RecordRoutesTest", snapshots);
    http = node.http;
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static String newKey() {
    return "key-" + KEYS.incrementAndGet();
  }

  // ---- requests -------------------------------------------------------------------------------

  private static String[] with(String[] headers, String... more) {
    String[] all = Arrays.copyOf(more, more.length + headers.length);
    System.arraycopy(headers, 0, all, more.length, headers.length);
    return all;
  }

  private static HttpResponse<String> put(String key, String body, String... headers) {
    return putTo(COLLECTION, key, body, headers);
  }

  private static HttpResponse<String> putTo(String collection, String key, String body, String... headers) {
    return http.request("PUT", RecordsTestNode.path(collection, key), body, with(headers, "Content-Type", JSON));
  }

  private static HttpResponse<String> patch(String key, String body, String... headers) {
    return http.request("PATCH", RecordsTestNode.path(COLLECTION, key), body, with(headers, "Content-Type", MERGE_PATCH));
  }

  private static HttpResponse<String> delete(String key, String... headers) {
    return http.request("DELETE", RecordsTestNode.path(COLLECTION, key), null, headers);
  }

  private static HttpResponse<String> get(String key) {
    return http.get(RecordsTestNode.path(COLLECTION, key));
  }

  // ---- assertions -----------------------------------------------------------------------------

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(json, e);
    }
  }

  private static String etag(HttpResponse<String> response) {
    return response.headers().firstValue("ETag").orElse(null);
  }

  /** A write reply: status, ETag and the body fields; returns the body. */
  private static JsonNode assertWritten(HttpResponse<String> response, int status, String key, long version) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(JSON, contentType(response));
    assertEquals("\"" + version + "\"", etag(response));
    JsonNode body = json(response);
    assertEquals(COLLECTION, body.path("collection").asText());
    assertEquals(key, body.path("key").asText());
    assertEquals(version, body.path("version").asLong());
    Instant updatedAt = Instant.parse(body.path("updatedAt").asText());
    assertFalse(updatedAt.isAfter(Instant.now()));
    assertEquals(4, body.size(), "collection, key, version, updatedAt: " + body);
    return body;
  }

  /** The current version and value, read back over GET; asserts the read reply's shape. */
  private static JsonNode assertCurrent(String key, long version, String valueJson) {
    HttpResponse<String> response = get(key);
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(JSON, contentType(response));
    assertEquals("\"" + version + "\"", etag(response));
    JsonNode body = json(response);
    assertEquals(COLLECTION, body.path("collection").asText());
    assertEquals(key, body.path("key").asText());
    assertEquals(version, body.path("version").asLong());
    Instant.parse(body.path("updatedAt").asText());
    assertEquals(parse(valueJson), body.path("value"), "the value is embedded as JSON, not as a string");
    return body;
  }

  private static void assertAbsent(String key) {
    assertError(get(key), 404, "not_found");
  }

  /** The JSON error model: {"error":{"code","message"}}; returns the error object. */
  private static JsonNode assertError(HttpResponse<String> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(JSON, contentType(response));
    JsonNode error = json(response).path("error");
    assertEquals(code, error.path("code").asText(), response.body());
    assertFalse(error.path("message").asText().isBlank(), response.body());
    return error;
  }

  // ---- 201 / 200: create, update, read --------------------------------------------------------

  @Test
  void putCreatesWith201ThenUpdatesWith200() {
    String key = newKey();

    JsonNode created = assertWritten(put(key, "{\"a\":1}"), 201, key, 1);
    JsonNode updated = assertWritten(put(key, "{\"a\":2}"), 200, key, 2);

    assertFalse(Instant.parse(updated.path("updatedAt").asText())
        .isBefore(Instant.parse(created.path("updatedAt").asText())));
    JsonNode read = assertCurrent(key, 2, "{\"a\":2}");
    assertEquals(updated.path("updatedAt"), read.path("updatedAt"));
  }

  @Test
  void getEmbedsTheStoredValueExactly() {
    String key = newKey();
    String value = "{\"s\":\"ü \\\"q\\\" \\n\",\"n\":[1.10,2.50e3,12345678901234567890],\"o\":{\"t\":true,\"z\":null}}";
    put(key, " " + value + "\n");

    HttpResponse<String> response = get(key);

    assertCurrent(key, 1, value);
    assertTrue(response.body().contains("\"value\":{\"s\":\"ü \\\"q\\\" \\n\",\"n\":[1.10,2.50E+3,12345678901234567890]"),
        "stored compact, numbers as written: " + response.body());
  }

  @Test
  void anyJsonValueCanBeStored() {
    for (String value : List.of("null", "false", "0", "\"text\"", "[]", "{}")) {
      String key = newKey();
      assertWritten(put(key, value), 201, key, 1);
      assertCurrent(key, 1, value);
    }
  }

  @Test
  void jsonWithACharsetParameterIsAccepted() {
    String key = newKey();

    HttpResponse<String> response = http.request("PUT", RecordsTestNode.path(COLLECTION, key), "[1]",
        "Content-Type", "application/json; charset=utf-8");

    assertWritten(response, 201, key, 1);
  }

  // ---- 404 ------------------------------------------------------------------------------------

  @Test
  void unknownRecordIs404ForGetPatchAndDelete() {
    String key = newKey();

    assertError(get(key), 404, "not_found");
    assertError(patch(key, "{\"a\":1}"), 404, "not_found");
    assertError(delete(key), 404, "not_found");
    assertAbsent(key);
  }

  @Test
  void unknownMethodIs405() {
    HttpResponse<String> response = http.post(RecordsTestNode.path(COLLECTION, newKey()), JSON, "{}");

    assertError(response, 405, "method_not_allowed");
  }

  // ---- 412 ------------------------------------------------------------------------------------

  @Test
  void ifMatchWithTheCurrentVersionWrites() {
    String key = newKey();
    put(key, "1");

    assertWritten(put(key, "2", "If-Match", "\"1\""), 200, key, 2);
    assertWritten(put(key, "3", "If-Match", "*"), 200, key, 3);
  }

  @Test
  void staleIfMatchIs412WithTheCurrentVersionAndWritesNothing() {
    String key = newKey();
    put(key, "1");
    put(key, "2");

    JsonNode error = assertError(put(key, "3", "If-Match", "\"1\""), 412, "precondition_failed");

    assertEquals(2, error.path("details").path("currentVersion").asLong(), error.toString());
    assertTrue(error.path("details").path("exists").asBoolean());
    assertCurrent(key, 2, "2");
  }

  @Test
  void ifMatchOnAnAbsentRecordIs412() {
    String key = newKey();

    for (String ifMatch : List.of("*", "\"1\"")) {
      JsonNode error = assertError(put(key, "1", "If-Match", ifMatch), 412, "precondition_failed");
      assertEquals(0, error.path("details").path("currentVersion").asLong());
      assertFalse(error.path("details").path("exists").asBoolean());
    }
    assertAbsent(key);
  }

  @Test
  void ifNoneMatchStarCreatesOnlyOnce() {
    String key = newKey();

    assertWritten(put(key, "1", "If-None-Match", "*"), 201, key, 1);
    JsonNode error = assertError(put(key, "2", "If-None-Match", "*"), 412, "precondition_failed");

    assertEquals(1, error.path("details").path("currentVersion").asLong());
    assertCurrent(key, 1, "1");
  }

  @Test
  void staleIfMatchOnPatchAndDeleteIs412AndWritesNothing() {
    String key = newKey();
    put(key, "{\"a\":1}");
    put(key, "{\"a\":2}");

    assertError(patch(key, "{\"b\":1}", "If-Match", "\"1\""), 412, "precondition_failed");
    assertError(delete(key, "If-Match", "\"1\""), 412, "precondition_failed");

    assertCurrent(key, 2, "{\"a\":2}");
  }

  // ---- 204 delete -----------------------------------------------------------------------------

  @Test
  void deleteIs204ThenGetIs404AndAPutContinuesTheVersions() {
    String key = newKey();
    put(key, "1");
    put(key, "2");

    HttpResponse<String> deleted = delete(key, "If-Match", "\"2\"");

    assertEquals(204, deleted.statusCode(), deleted.body());
    assertEquals("", deleted.body());
    assertAbsent(key);
    assertError(delete(key), 404, "not_found");
    // The deleted record is at version 3; If-Match on it fails, If-None-Match: * creates.
    assertError(put(key, "\"x\"", "If-Match", "\"3\""), 412, "precondition_failed");
    assertWritten(put(key, "\"back\"", "If-None-Match", "*"), 201, key, 4);
    assertCurrent(key, 4, "\"back\"");
  }

  // ---- PATCH ----------------------------------------------------------------------------------

  @Test
  void mergePatchAppliesAndAdvancesTheVersion() {
    String key = newKey();
    put(key, "{\"a\":1,\"b\":{\"c\":2,\"d\":3}}");

    HttpResponse<String> response = patch(key, "{\"a\":null,\"b\":{\"c\":null,\"e\":[4]}}", "If-Match", "\"1\"");

    assertWritten(response, 200, key, 2);
    assertCurrent(key, 2, "{\"b\":{\"d\":3,\"e\":[4]}}");
  }

  @Test
  void mergePatchWithACharsetParameterIsAccepted() {
    String key = newKey();
    put(key, "{\"a\":1}");

    HttpResponse<String> response = http.request("PATCH", RecordsTestNode.path(COLLECTION, key), "{\"b\":2}",
        "Content-Type", MERGE_PATCH + "; charset=utf-8");

    assertWritten(response, 200, key, 2);
  }

  @Test
  void patchWithAnotherContentTypeIs415AndWritesNothing() {
    String key = newKey();
    put(key, "{\"a\":1}");

    for (String type : List.of(JSON, "text/plain")) {
      HttpResponse<String> response =
          http.request("PATCH", RecordsTestNode.path(COLLECTION, key), "{\"a\":2}", "Content-Type", type);
      assertError(response, 415, "unsupported_media_type");
    }
    assertCurrent(key, 1, "{\"a\":1}");
  }

  @Test
  void patchThatMakesTheValueTooLargeIs413AndWritesNothing() {
    String key = newKey();
    String value = "{\"a\":\"" + "x".repeat(MIB - 100) + "\"}";
    put(key, value);

    HttpResponse<String> response = patch(key, "{\"b\":\"" + "y".repeat(200) + "\"}");

    assertError(response, 413, "payload_too_large");
    assertEquals(1, json(get(key)).path("version").asLong());
  }

  // ---- 415 / 400 / 413: bad bodies ------------------------------------------------------------

  @Test
  void putWithAnotherContentTypeIs415AndWritesNothing() {
    String key = newKey();

    for (String type : List.of("text/plain", "application/x-www-form-urlencoded", MERGE_PATCH)) {
      HttpResponse<String> response =
          http.request("PUT", RecordsTestNode.path(COLLECTION, key), "{\"a\":1}", "Content-Type", type);
      assertError(response, 415, "unsupported_media_type");
    }
    assertAbsent(key);
  }

  @Test
  void malformedJsonIs400AndWritesNothing() {
    String key = newKey();

    for (String body : List.of("{", "{\"a\":}", "{'a':1}", "", "{\"a\":1} trailing", "{\"a\":1}{\"b\":2}", "NaN")) {
      assertError(put(key, body), 400, "invalid_json");
    }
    put(key, "{\"a\":1}");
    assertError(patch(key, "{\"a\":"), 400, "invalid_json");
    assertCurrent(key, 1, "{\"a\":1}");
  }

  @Test
  void sixtyFiveLevelsOfNestingIs400SixtyFourAreStored() {
    String key = newKey();

    JsonNode error = assertError(put(key, "[".repeat(65) + "]".repeat(65)), 400, "invalid_json");
    assertTrue(error.path("message").asText().contains("64"), error.toString());
    assertAbsent(key);

    assertWritten(put(key, "[".repeat(64) + "]".repeat(64)), 201, key, 1);
    assertError(patch(key, "{\"a\":" + "[".repeat(64) + "]".repeat(64) + "}"), 400, "invalid_json");
    assertCurrent(key, 1, "[".repeat(64) + "]".repeat(64));
  }

  @Test
  void aValueAboveOneMebibyteIs413AndWritesNothing() throws Exception {
    String key = newKey();
    put(key, "1");

    // 1 MiB + 1 byte, declared: the server answers from Content-Length (see TestHttp.sendHeadOnly).
    TestHttp.RawReply tooLarge = http.sendHeadOnly("PUT", RecordsTestNode.path(COLLECTION, key), JSON, MIB + 1L);
    assertEquals(413, tooLarge.status());
    assertEquals("payload_too_large", MAPPER.readTree(tooLarge.body()).path("error").path("code").asText());
    assertCurrent(key, 1, "1");

    String fits = "\"" + "x".repeat(MIB - 2) + "\""; // exactly 1 MiB
    assertWritten(put(key, fits), 200, key, 2);
    assertEquals(MIB - 2, json(get(key)).path("value").asText().length());
  }

  // ---- 400: names and headers -----------------------------------------------------------------

  @Test
  void invalidCollectionNamesAre400() {
    for (String collection : List.of("with space", "a:b", "ü", "c".repeat(65))) {
      assertError(putTo(collection, "k", "1"), 400, "invalid_name");
      assertError(http.get(RecordsTestNode.path(collection, "k")), 400, "invalid_name");
    }
    assertError(putTo("a/b", "k", "1"), 400, "invalid_name");
  }

  @Test
  void invalidKeysAre400() {
    for (String key : List.of("a\u0001b", "line\nbreak", "tab\t", "del\u007f", "k".repeat(513), "é".repeat(257))) {
      assertError(put(key, "1"), 400, "invalid_name");
      assertError(get(key), 400, "invalid_name");
      assertError(delete(key), 400, "invalid_name");
    }
  }

  @Test
  void keysOf512BytesAreValid() {
    for (String key : List.of("k".repeat(512), "é".repeat(256))) {
      assertWritten(put(key, "1"), 201, key, 1);
      assertCurrent(key, 1, "1");
    }
  }

  @Test
  void badConditionalHeadersAre400AndWriteNothing() {
    String key = newKey();
    put(key, "1");

    List<String[]> badHeaders = List.of(
        new String[] {"If-Match", "1"},
        new String[] {"If-Match", "W/\"1\""},
        new String[] {"If-Match", "\"one\""},
        new String[] {"If-Match", "\"1\", \"2\""},
        new String[] {"If-None-Match", "\"1\""},
        new String[] {"If-Match", "\"1\"", "If-None-Match", "*"},
        new String[] {"Idempotency-Key", "k".repeat(256)});
    for (String[] headers : badHeaders) {
      assertError(put(key, "2", headers), 400, "invalid_header");
      assertError(delete(key, headers), 400, "invalid_header");
    }
    assertCurrent(key, 1, "1");
  }

  // ---- Idempotency-Key ------------------------------------------------------------------------

  @Test
  void retriedPutReturnsTheFirstReplyAndWritesNothing() {
    String key = newKey();
    HttpResponse<String> first = put(key, "{\"a\":1}", "Idempotency-Key", "put-1");
    assertWritten(first, 201, key, 1);
    put(key, "{\"other\":true}"); // someone else writes version 2

    HttpResponse<String> retry = put(key, "{\"a\":1}", "Idempotency-Key", "put-1");

    assertEquals(201, retry.statusCode());
    assertEquals(first.body(), retry.body());
    assertEquals(etag(first), etag(retry));
    assertCurrent(key, 2, "{\"other\":true}");
  }

  @Test
  void retriedConditionalPutIsStillTheFirstReplyAfterItsPreconditionStoppedHolding() {
    String key = newKey();
    put(key, "1");
    HttpResponse<String> first = put(key, "2", "If-Match", "\"1\"", "Idempotency-Key", "cas-1");

    HttpResponse<String> retry = put(key, "2", "If-Match", "\"1\"", "Idempotency-Key", "cas-1");

    assertWritten(retry, 200, key, 2);
    assertEquals(first.body(), retry.body());
    assertCurrent(key, 2, "2");
  }

  @Test
  void retriedPatchAndDeleteReturnTheirFirstReplies() {
    String key = newKey();
    put(key, "{\"n\":1}");
    HttpResponse<String> patched = patch(key, "{\"n\":2}", "Idempotency-Key", "patch-1");
    assertEquals(patched.body(), patch(key, "{\"n\":2}", "Idempotency-Key", "patch-1").body());
    assertCurrent(key, 2, "{\"n\":2}");

    assertEquals(204, delete(key, "Idempotency-Key", "delete-1").statusCode());
    HttpResponse<String> retry = delete(key, "Idempotency-Key", "delete-1");

    assertEquals(204, retry.statusCode(), "not 404: the retry is answered with its own first reply");
    assertEquals(201, put(key, "{}").statusCode());
    assertCurrent(key, 4, "{}");
  }

  @Test
  void sameKeyWithAnotherRequestIs422AndWritesNothing() {
    String key = newKey();
    put(key, "{\"a\":1}", "Idempotency-Key", "reused");

    assertError(put(key, "{\"a\":2}", "Idempotency-Key", "reused"), 422, "idempotency_key_reused");
    assertError(put(key, "{\"a\":1}", "Idempotency-Key", "reused", "If-Match", "\"1\""), 422,
        "idempotency_key_reused");
    assertError(patch(key, "{\"a\":1}", "Idempotency-Key", "reused"), 422, "idempotency_key_reused");
    assertError(delete(key, "Idempotency-Key", "reused"), 422, "idempotency_key_reused");

    assertCurrent(key, 1, "{\"a\":1}");
  }

  @Test
  void idempotencyKeysBelongToOneRecord() {
    String first = newKey();
    String second = newKey();

    assertWritten(put(first, "1", "Idempotency-Key", "shared"), 201, first, 1);
    assertWritten(put(second, "2", "Idempotency-Key", "shared"), 201, second, 1);

    assertCurrent(second, 1, "2");
  }

  // ---- keys that need encoding ----------------------------------------------------------------

  @Test
  void keysWithSlashesAndNonAsciiCharactersRoundTrip() {
    List<String> keys = List.of("a/b", "/leading/and/trailing/", "ключ-😀", "日本語 key", "100%", "a?b#c", "x..");
    List<String> paths = new ArrayList<>();
    for (String key : keys) {
      assertWritten(put(key, "\"" + key.length() + "\""), 201, key, 1);
      assertCurrent(key, 1, "\"" + key.length() + "\"");
      paths.add(RecordsTestNode.path(COLLECTION, key));
    }
    assertTrue(paths.contains("/v1/records/things/a%2Fb"), paths.toString());

    // An unencoded '/' is a different path, not the key "a/b".
    assertError(http.get("/v1/records/things/a/b"), 404, "not_found");
    assertEquals(204, delete("a/b").statusCode());
    assertAbsent("a/b");
    assertCurrent("ключ-😀", 1, "\"" + "ключ-😀".length() + "\"");
  }
}
