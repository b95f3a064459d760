package io.atrium.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atrium.node.harness.LocalCluster;
import io.atrium.node.harness.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 4, optional transport security: nodes talk to each other over mutual TLS (Artery tls-tcp)
 * with a cluster keystore that keytool makes for the test; they form a cluster and serve a record
 * written through one node from the other (the entity lives on one of them, so the messages cross).
 */
class ClusterTlsIT {

  private static final String PASSWORD = "cluster-tls-test";
  private static final Path KEYSTORE = keystore();

  @RegisterExtension final LocalCluster cluster = new LocalCluster(Map.of(
      "atrium.node.cluster-transport", "tls-tcp",
      "atrium.node.cluster-tls.keystore", KEYSTORE.toString(),
      "atrium.node.cluster-tls.password", PASSWORD));

  @Test
  void nodesFormAClusterOverMutualTlsAndServeEachOthersEntities() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(2);
    for (int i = 0; i < 10; i++) {
      String path = "/v1/records/tls/k-" + i;
      assertEquals(201, nodes.get(0).send("PUT", path, "{\"i\":" + i + "}").status());
      NodeProcess.Reply read = nodes.get(1).get(path);
      assertEquals(200, read.status(), read.body().toString());
      assertEquals(i, read.body().path("value").path("i").asInt());
    }
    String log = Files.readString(nodes.get(0).logFile());
    assertEquals(true, log.contains("Artery tls-tcp"), "node1 says which transport it runs");
  }

  private static Path keystore() {
    try {
      Path dir = Files.createTempDirectory("atrium-cluster-tls");
      Path keystore = dir.resolve("cluster.p12");
      Process keytool = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
          "-genkeypair", "-alias", "cluster", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
          "-dname", "CN=atrium-cluster", "-storetype", "PKCS12", "-keystore", keystore.toString(),
          "-storepass", PASSWORD, "-keypass", PASSWORD)).redirectErrorStream(true).start();
      String output = new String(keytool.getInputStream().readAllBytes());
      if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      return keystore;
    } catch (Exception e) {
      throw new IllegalStateException("cannot make the cluster keystore", e);
    }
  }
}
