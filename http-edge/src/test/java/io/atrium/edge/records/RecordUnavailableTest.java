package io.atrium.edge.records;

import static io.atrium.edge.TestHttp.contentType;
import static io.atrium.edge.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An entity that does not answer within {@code atrium.records.ask-timeout} is a 503 with
 * Retry-After, never a 500. The node never joins a cluster, so sharding holds every message.
 */
class RecordUnavailableTest {

  @TempDir
  static Path snapshots;

  private static RecordsTestNode node;

  @BeforeAll
  static void start() {
    node = RecordsTestNode.start("RecordUnavailableTest", snapshots, """
        atrium.records.ask-timeout = 300ms
        atrium.records.first-attempt-timeout = 100ms
        # The region cannot hand off to a coordinator that never started; do not wait for it.
        pekko.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout = 100ms
        """, false);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void anAskTimeoutIsA503WithRetryAfter() {
    String path = RecordsTestNode.path("things", "k");
    List<HttpResponse<String>> responses = List.of(
        node.http.get(path),
        node.http.request("PUT", path, "{}", "Content-Type", "application/json"),
        node.http.request("DELETE", path, null));

    for (HttpResponse<String> response : responses) {
      assertEquals(503, response.statusCode(), response.body());
      assertEquals("application/json", contentType(response));
      assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
      JsonNode error = json(response).path("error");
      assertEquals("service_unavailable", error.path("code").asText(), response.body());
    }
  }
}
