package io.atrium.edge.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.sharding.records.IdempotencyToken;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.Test;

class RecordRequestTest {

  private static HttpRequest put(String... headers) {
    HttpRequest request = HttpRequest.PUT("/v1/records/c/k");
    for (int i = 0; i < headers.length; i += 2) {
      request = request.addHeader(RawHeader.create(headers[i], headers[i + 1]));
    }
    return request;
  }

  @Test
  void anUnconditionalWriteWithoutAKeyHasNoTokenAndIsNeverRepeated() {
    assertTrue(RecordRequest.idempotency(put(), "PUT", "{}").isEmpty());
    assertTrue(RecordRequest.idempotency(put("If-None-Match", "*"), "PUT", "{}").isEmpty());
  }

  @Test
  void theClientsKeyIsKeptWithAFingerprintOfTheRequest() {
    IdempotencyToken first = RecordRequest.idempotency(put("Idempotency-Key", "abc"), "PUT", "{}").orElseThrow();
    IdempotencyToken other = RecordRequest.idempotency(put("Idempotency-Key", "abc"), "PUT", "{\"a\":1}").orElseThrow();
    assertEquals("abc", first.key());
    assertNotEquals(first.fingerprint(), other.fingerprint(), "another body is another request");
    assertThrows(RecordRequest.BadHeader.class,
        () -> RecordRequest.idempotency(put("Idempotency-Key", "x".repeat(256)), "PUT", "{}"));
  }

  @Test
  void anIfMatchWriteGetsAKeyOfTheEdgesOwnThatNoClientCanSend() {
    IdempotencyToken token = RecordRequest.idempotency(put("If-Match", "\"3\""), "PUT", "{}").orElseThrow();
    IdempotencyToken another = RecordRequest.idempotency(put("If-Match", "\"3\""), "PUT", "{}").orElseThrow();
    assertTrue(token.key().startsWith(RecordRequest.EDGE_KEY_PREFIX), token.key());
    assertTrue(Character.isISOControl(token.key().charAt(0)), "no HTTP header value carries a control character");
    assertNotEquals(token.key(), another.key(), "every request its own key");
    assertEquals(token.fingerprint(), another.fingerprint());
  }
}
