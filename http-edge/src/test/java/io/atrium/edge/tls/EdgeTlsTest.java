package io.atrium.edge.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.atrium.config.SettingsException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS on the edge with a self-signed certificate that keytool makes for the test. */
class EdgeTlsTest {

  private static final String PASSWORD = "changeit-test";

  @TempDir
  static Path dir;

  private static ActorTestKit testKit;
  private static Path keystore;
  private static ServerBinding binding;

  @BeforeAll
  static void start() throws Exception {
    keystore = dir.resolve("edge.p12");
    Process keytool = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "edge", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertEquals(true, keytool.waitFor(60, TimeUnit.SECONDS), "keytool hung");
    assertEquals(0, keytool.exitValue(), "keytool failed: " + output);

    testKit = ActorTestKit.create("EdgeTlsTest");
    TlsSettings settings = TlsSettings.fromConfig(config(true, keystore.toString()));
    AllDirectives routes = new AllDirectives() {};
    binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0)
        .enableHttps(EdgeTls.httpsContext(settings))
        .bind(routes.path("ping", () -> routes.complete("pong")))
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
  }

  @Test
  void aClientThatTrustsTheCertificateGetsHttps() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore)).connectTimeout(Duration.ofSeconds(5))
        .build();
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(url()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertEquals("pong", response.body());
  }

  @Test
  void aClientThatDoesNotTrustItIsRefusedTheHandshake() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    assertThrows(SSLHandshakeException.class,
        () -> client.send(HttpRequest.newBuilder(url()).build(), HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void plainHttpOnTheHttpsPortGetsNoAnswer() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI plain = URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/ping");
    assertThrows(java.io.IOException.class, () -> client.send(
        HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void settingsNameAMissingKeystore() {
    SettingsException error = assertThrows(SettingsException.class,
        () -> TlsSettings.fromConfig(config(true, dir.resolve("missing.p12").toString())));
    assertEquals(true, error.getMessage().contains("atrium.http.tls.keystore"), error.getMessage());
    assertEquals(false, TlsSettings.fromConfig(config(false, "")).enabled());
  }

  private static URI url() {
    return URI.create("https://127.0.0.1:" + binding.localAddress().getPort() + "/ping");
  }

  private static Config config(boolean enabled, String keystore) {
    return ConfigFactory.parseString("atrium.http.tls { enabled = " + enabled + ", keystore = \"" + keystore
        + "\", keystore-password = \"" + PASSWORD + "\" }");
  }

  private static SSLContext trusting(Path keystore) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      trusted.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
