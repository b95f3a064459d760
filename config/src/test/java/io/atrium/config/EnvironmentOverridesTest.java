package io.atrium.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvironmentOverridesTest {

  @Test
  void picksOnlyTheTabledVariablesAndMapsThemToTheirPaths() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ATRIUM_HTTP_PORT", "9000");
    env.put("ATRIUM_SEED_NODES", "a:1");
    env.put("HOME", "/root");
    env.put("atrium_http_port", "1");

    assertEquals(Map.of("atrium.node.http-port", "9000", "atrium.node.seed-nodes", "a:1"),
        EnvironmentOverrides.from(env));
  }

  @Test
  void keepsValuesVerbatimIncludingEmptyOnes() {
    assertEquals(Map.of("atrium.cassandra.contact-points", ""),
        EnvironmentOverrides.from(Map.of("ATRIUM_CASSANDRA_CONTACT_POINTS", "")));
    assertEquals(Map.of("atrium.node.host", " 10.0.0.1 "),
        EnvironmentOverrides.from(Map.of("ATRIUM_HOST", " 10.0.0.1 ")));
  }

  @Test
  void emptyEnvironmentGivesNoOverrides() {
    assertEquals(Map.of(), EnvironmentOverrides.from(Map.of()));
  }

  @Test
  void variableForFindsTheVariableOfAPath() {
    assertEquals(Optional.of("ATRIUM_HTTP_PORT"), EnvironmentOverrides.variableFor("atrium.node.http-port"));
    assertEquals(Optional.of("ATRIUM_KAFKA_BOOTSTRAP"), EnvironmentOverrides.variableFor("atrium.kafka.bootstrap-servers"));
    assertEquals(Optional.empty(), EnvironmentOverrides.variableFor("atrium.http.retry-after"));
  }

  @Test
  void tableIsOneToOne() {
    List<EnvironmentOverrides.Override> all = EnvironmentOverrides.ALL;
    Set<String> variables = new HashSet<>();
    Set<String> paths = new HashSet<>();
    for (EnvironmentOverrides.Override o : all) {
      assertTrue(variables.add(o.variable()), "duplicate variable " + o.variable());
      assertTrue(paths.add(o.path()), "duplicate path " + o.path());
      assertTrue(o.variable().matches("ATRIUM_[A-Z_]+"), o.variable());
      assertTrue(o.path().startsWith("atrium."), o.path());
      assertEquals(Optional.of(o.variable()), EnvironmentOverrides.variableFor(o.path()));
    }
  }
}
