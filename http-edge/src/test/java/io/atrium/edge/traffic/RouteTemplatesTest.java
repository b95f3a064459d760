package io.atrium.edge.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RouteTemplatesTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "GET, /v1/records/users/alice, records.get",
      "PUT, /v1/records/users/alice, records.put",
      "DELETE, /v1/records/users/alice, records.delete",
      "GET, /v1/records/users, records.list",
      "GET, /v1/records/users/, records.list",
      "GET, /v1/records, records.list",
      "POST, /v1/streams/clicks/events, streams.post",
      "GET, /v1/streams/clicks/stats, streams.get",
      "POST, /v1/compute/aggregate, compute.post",
      "GET, /ops/balancer, ops.balancer",
      "DELETE, /ops/faults, ops.faults",
      "GET, /v1/records/a%2Fb/key%20with%20spaces/extra, records.get",
      "GET, /health/ready, health.ready",
      "GET, /health/alive, health.alive",
      "GET, /ops/load, ops.load",
      "POST, /ops/cluster, ops.cluster",
      "GET, /metrics, metrics",
      "GET, /metrics/extra, unmatched",
      "GET, /v1/no-such-service/x, unmatched",
      "GET, /v1, unmatched",
      "GET, /health/ready/extra, unmatched",
      "GET, /favicon.ico, unmatched",
      "GET, /, unmatched"
  })
  void templateNamesTheOperationNotTheKey(String method, String path, String template) {
    assertEquals(template, RouteTemplates.of(method, path));
  }

  @Test
  void keysNeverBecomeTemplates() {
    for (int i = 0; i < 100; i++) {
      assertEquals("records.get", RouteTemplates.of("GET", "/v1/records/c" + i + "/k" + i));
    }
  }

  @Test
  void onlyV1IsServiceTraffic() {
    assertTrue(RouteTemplates.isService("/v1/records/c/k"));
    assertTrue(RouteTemplates.isService("/v1"));
    assertFalse(RouteTemplates.isService("/v10/records"));
    assertFalse(RouteTemplates.isService("/health/ready"));
    assertFalse(RouteTemplates.isService("/ops/load"));
  }
}
