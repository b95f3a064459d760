package io.atrium.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link AtriumConfig#load(Map)} from an explicit environment map. Every test sets ATRIUM_DATA_DIR
 * to a temporary folder so that loading never creates ./var in the module directory.
 */
class AtriumConfigTest {

  @TempDir Path dataDir;

  private Map<String, String> env(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    env.put("ATRIUM_DATA_DIR", dataDir.toString());
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  private static SettingsException loadFails(Map<String, String> env) {
    return assertThrows(SettingsException.class, () -> AtriumConfig.load(env));
  }

  /** The operator-facing contract: the message names both the setting and the variable to fix. */
  private static void assertNames(SettingsException e, String setting, String variable) {
    assertEquals(setting, e.setting());
    assertTrue(e.getMessage().contains("'" + setting + "'"), () -> "setting not named: " + e.getMessage());
    assertTrue(e.getMessage().contains(variable), () -> "variable not named: " + e.getMessage());
  }

  @Test
  void defaultsDescribeASingleLocalNode() {
    Config config = AtriumConfig.load(env());
    NodeSettings node = NodeSettings.fromConfig(config);

    assertEquals("127.0.0.1", node.host());
    assertEquals(8080, node.httpPort());
    assertEquals(25520, node.clusterPort());
    assertEquals(8558, node.managementPort());
    assertEquals(List.of(), node.seedNodes());
    assertTrue(node.joinsSelf());
    assertEquals(dataDir.toAbsolutePath(), node.dataDir());
    assertEquals(Duration.ofSeconds(20), node.shutdownDeadline());

    assertEquals("", config.getString("atrium.profile"));
    assertEquals("text", config.getString("atrium.logging.format"));
    assertEquals(List.of(), config.getStringList("pekko.cluster.seed-nodes"));
    assertEquals(List.of("127.0.0.1:9042"), config.getStringList("datastax-java-driver.basic.contact-points"));
    assertEquals("datacenter1", config.getString("atrium.cassandra.local-datacenter"));
    assertEquals("127.0.0.1:9092", config.getString("atrium.kafka.bootstrap-servers"));
  }

  @Test
  void seedNodesBecomePekkoAddressesOfTheAtriumSystem() {
    Config config = AtriumConfig.load(env("ATRIUM_SEED_NODES", "a:1,b:2"));

    assertEquals(List.of("pekko://atrium@a:1", "pekko://atrium@b:2"), config.getStringList("pekko.cluster.seed-nodes"));
    NodeSettings node = NodeSettings.fromConfig(config);
    assertEquals(List.of(new HostPort("a", 1), new HostPort("b", 2)), node.seedNodes());
    assertFalse(node.joinsSelf());
  }

  @Test
  void seedNodeListToleratesSpacesAndEmptyEntries() {
    Config config = AtriumConfig.load(env("ATRIUM_SEED_NODES", " node-1:25520 , ,node-2:25521,"));

    assertEquals(List.of("pekko://atrium@node-1:25520", "pekko://atrium@node-2:25521"),
        config.getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void blankSeedNodesMeanJoinSelf() {
    Config config = AtriumConfig.load(env("ATRIUM_SEED_NODES", "  "));

    assertTrue(NodeSettings.fromConfig(config).joinsSelf());
    assertEquals(List.of(), config.getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void contactPointsBecomeTheDriverList() {
    Config config = AtriumConfig.load(env("ATRIUM_CASSANDRA_CONTACT_POINTS", "c1:9042, c2:9043"));

    assertEquals(List.of("c1:9042", "c2:9043"), config.getStringList("datastax-java-driver.basic.contact-points"));
  }

  @Test
  void everyNodeVariableOverridesItsSetting() {
    Path otherDir = dataDir.resolve("nested/node-data");
    Config config = AtriumConfig.load(env(
        "ATRIUM_HOST", "10.1.2.3",
        "ATRIUM_HTTP_PORT", "9000",
        "ATRIUM_CLUSTER_PORT", "9001",
        "ATRIUM_MANAGEMENT_PORT", "9002",
        "ATRIUM_DATA_DIR", otherDir.toString(),
        "ATRIUM_SHUTDOWN_DEADLINE", "5s",
        "ATRIUM_LOG_FORMAT", "json",
        "ATRIUM_CASSANDRA_DATACENTER", "dc-east",
        "ATRIUM_CASSANDRA_APPLY_SCHEMA", "true",
        "ATRIUM_KAFKA_BOOTSTRAP", "k1:9092,k2:9092"));
    NodeSettings node = NodeSettings.fromConfig(config);

    assertEquals("10.1.2.3", node.host());
    assertEquals(9000, node.httpPort());
    assertEquals(9001, node.clusterPort());
    assertEquals(9002, node.managementPort());
    assertEquals(otherDir.toAbsolutePath(), node.dataDir());
    assertTrue(Files.isDirectory(otherDir), "missing data dir (and its parents) is created");
    assertEquals(Duration.ofSeconds(5), node.shutdownDeadline());
    assertEquals("json", config.getString("atrium.logging.format"));
    assertEquals("dc-east", config.getString("atrium.cassandra.local-datacenter"));
    assertTrue(config.getBoolean("atrium.cassandra.apply-schema-on-start"));
    assertEquals("k1:9092,k2:9092", config.getString("atrium.kafka.bootstrap-servers"));
  }

  @Test
  void variablesOutsideTheTableAreIgnored() {
    Config config = AtriumConfig.load(env("ATRIUM_NODE_HOST", "10.9.9.9", "HTTP_PORT", "1", "PATH", "/bin"));

    assertEquals("127.0.0.1", config.getString("atrium.node.host"));
    assertEquals(8080, config.getInt("atrium.node.http-port"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "ATRIUM_HTTP_PORT, abc, atrium.node.http-port",
      "ATRIUM_HTTP_PORT, 0, atrium.node.http-port",
      "ATRIUM_HTTP_PORT, 70000, atrium.node.http-port",
      "ATRIUM_HTTP_PORT, -1, atrium.node.http-port",
      "ATRIUM_CLUSTER_PORT, 65536, atrium.node.cluster-port",
      "ATRIUM_MANAGEMENT_PORT, eighty, atrium.node.management-port",
      "ATRIUM_HOST, '  ', atrium.node.host",
      "ATRIUM_SEED_NODES, host-without-port, atrium.node.seed-nodes",
      "ATRIUM_SEED_NODES, 'a:1,b', atrium.node.seed-nodes",
      "ATRIUM_SEED_NODES, a:one, atrium.node.seed-nodes",
      "ATRIUM_SEED_NODES, ':25520', atrium.node.seed-nodes",
      "ATRIUM_SEED_NODES, 'a:', atrium.node.seed-nodes",
      "ATRIUM_SEED_NODES, a:0, atrium.node.seed-nodes",
      "ATRIUM_CASSANDRA_CONTACT_POINTS, '', atrium.cassandra.contact-points",
      "ATRIUM_CASSANDRA_CONTACT_POINTS, ' , ', atrium.cassandra.contact-points",
      "ATRIUM_CASSANDRA_CONTACT_POINTS, cassandra, atrium.cassandra.contact-points",
      "ATRIUM_SHUTDOWN_DEADLINE, 0s, atrium.node.shutdown-deadline",
      "ATRIUM_SHUTDOWN_DEADLINE, soon, atrium.node.shutdown-deadline",
      "ATRIUM_DATA_DIR, '', atrium.node.data-dir",
      "ATRIUM_PROFILE, production, atrium.profile",
      "ATRIUM_PROFILE, Local, atrium.profile",
  })
  void badValueNamesSettingAndVariable(String variable, String value, String setting) {
    SettingsException e = loadFails(env(variable, value));

    assertNames(e, setting, variable);
  }

  @Test
  void unknownProfileListsTheKnownOnes() {
    SettingsException e = loadFails(env("ATRIUM_PROFILE", "prod"));

    assertTrue(e.getMessage().contains("'prod'"), e.getMessage());
    assertTrue(e.getMessage().contains("local") && e.getMessage().contains("test")
        && e.getMessage().contains("kubernetes"), e.getMessage());
  }

  @Test
  void badPortMessageSaysWhatIsWrong() {
    assertTrue(loadFails(env("ATRIUM_HTTP_PORT", "70000")).getMessage().contains("70000"));
    assertTrue(loadFails(env("ATRIUM_SEED_NODES", "host-without-port")).getMessage().contains("host-without-port"));
  }

  @Test
  void httpPortEqualToClusterPortIsRejected() {
    SettingsException e = loadFails(env("ATRIUM_HTTP_PORT", "25520"));

    assertNames(e, "atrium.node.http-port", "ATRIUM_HTTP_PORT");
    assertTrue(e.getMessage().contains("25520"), e.getMessage());
  }

  @Test
  void clusterPortMovedOntoHttpPortIsRejected() {
    SettingsException e = loadFails(env("ATRIUM_CLUSTER_PORT", "8080"));

    assertNames(e, "atrium.node.http-port", "ATRIUM_HTTP_PORT");
  }

  @Test
  void httpPortEqualToManagementPortIsRejected() {
    assertNames(loadFails(env("ATRIUM_HTTP_PORT", "8558")), "atrium.node.http-port", "ATRIUM_HTTP_PORT");
  }

  @Test
  void clusterPortEqualToManagementPortIsRejected() {
    assertNames(loadFails(env("ATRIUM_CLUSTER_PORT", "8558")), "atrium.node.cluster-port", "ATRIUM_CLUSTER_PORT");
  }

  @Test
  void dataDirUnderARegularFileCannotBeCreated() throws IOException {
    Path file = Files.writeString(dataDir.resolve("not-a-directory"), "x");

    SettingsException e = loadFails(env("ATRIUM_DATA_DIR", file.resolve("data").toString()));

    assertNames(e, "atrium.node.data-dir", "ATRIUM_DATA_DIR");
    assertTrue(e.getMessage().contains(file.resolve("data").toString()), e.getMessage());
    assertTrue(Files.isRegularFile(file), "the file in the way is left alone");
  }

  @Test
  void dataDirThatIsARegularFileIsRejected() throws IOException {
    Path file = Files.writeString(dataDir.resolve("plain-file"), "x");

    assertNames(loadFails(env("ATRIUM_DATA_DIR", file.toString())), "atrium.node.data-dir", "ATRIUM_DATA_DIR");
  }

  @Test
  void kubernetesProfileLogsJsonAndLeavesSchemaToAJob() {
    Config config = AtriumConfig.load(env("ATRIUM_PROFILE", "kubernetes"));

    assertEquals("kubernetes", config.getString("atrium.profile"));
    assertEquals("json", config.getString("atrium.logging.format"));
    assertFalse(config.getBoolean("atrium.cassandra.apply-schema-on-start"));
  }

  @Test
  void localProfileAppliesSchemaOnStart() {
    Config config = AtriumConfig.load(env("ATRIUM_PROFILE", "local"));

    assertTrue(config.getBoolean("atrium.cassandra.apply-schema-on-start"));
    assertEquals("text", config.getString("atrium.logging.format"));
  }

  @Test
  void testProfileLetsTheJournalCreateItsTables() {
    Config config = AtriumConfig.load(env("ATRIUM_PROFILE", "test"));

    assertTrue(config.getBoolean("pekko.persistence.cassandra.journal.tables-autocreate"));
    assertTrue(config.getBoolean("pekko.persistence.cassandra.journal.keyspace-autocreate"));
    assertTrue(config.getBoolean("pekko.persistence.cassandra.snapshot.tables-autocreate"));
    assertTrue(config.getBoolean("pekko.persistence.cassandra.snapshot.keyspace-autocreate"));
  }

  @Test
  void noProfileLeavesTheProfileSettingsAlone() {
    Config config = AtriumConfig.load(env());

    assertEquals("text", config.getString("atrium.logging.format"));
    assertFalse(config.hasPath("pekko.persistence.cassandra.journal.tables-autocreate")
        && config.getBoolean("pekko.persistence.cassandra.journal.tables-autocreate"));
  }

  @Test
  void environmentWinsOverTheProfile() {
    Config config = AtriumConfig.load(env(
        "ATRIUM_PROFILE", "kubernetes",
        "ATRIUM_LOG_FORMAT", "text",
        "ATRIUM_CASSANDRA_APPLY_SCHEMA", "true"));

    assertEquals("text", config.getString("atrium.logging.format"));
    assertTrue(config.getBoolean("atrium.cassandra.apply-schema-on-start"));
  }

  @Test
  void emptyProfileVariableMeansNoProfile() {
    Config config = AtriumConfig.load(env("ATRIUM_PROFILE", ""));

    assertEquals("", config.getString("atrium.profile"));
    assertEquals("text", config.getString("atrium.logging.format"));
  }

  @Test
  void aSystemPropertyOverridesTheEnvironment() {
    System.setProperty("atrium.node.http-port", "9191");
    ConfigFactory.invalidateCaches();
    try {
      Config config = AtriumConfig.load(env("ATRIUM_HTTP_PORT", "8081"));
      assertEquals(9191, config.getInt("atrium.node.http-port"));
    } finally {
      System.clearProperty("atrium.node.http-port");
      ConfigFactory.invalidateCaches();
    }
  }
}
