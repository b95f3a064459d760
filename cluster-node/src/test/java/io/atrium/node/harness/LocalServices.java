package io.atrium.node.harness;

import com.typesafe.config.Config;
import io.atrium.config.AtriumConfig;
import io.atrium.persistence.cassandra.CassandraSettings;
import io.atrium.persistence.kafka.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Cassandra and Kafka that `scripts/test` started: where the nodes find them (the environment, read
 * as a node reads it), and, for tests that crash them, their processes through the scripts' pid files
 * under {@code ATRIUM_DATA_DIR} (default {@code <repo>/var}).
 */
public final class LocalServices {

  /** A service the scripts start: {@code scripts/start-<name>}, pid in {@code <data>/<name>/<name>.pid}. */
  public enum Service {
    CASSANDRA, KAFKA;

    String scriptName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private LocalServices() {}

  /** Cassandra as the nodes are configured to reach it. */
  public static CassandraSettings cassandra() {
    return CassandraSettings.fromConfig(NodeConfig.CONFIG);
  }

  /** Kafka as the nodes are configured to reach it. */
  public static KafkaSettings kafka() {
    return KafkaSettings.fromConfig(NodeConfig.CONFIG);
  }

  /** The configuration a node started by the harness loads (it inherits this JVM's environment), loaded once. */
  private static final class NodeConfig {

    static final Config CONFIG = load();

    private static Config load() {
      try {
        Map<String, String> env = new HashMap<>(System.getenv());
        // Loading must not touch the repository's data folder.
        env.put("ATRIUM_DATA_DIR", Files.createTempDirectory("atrium-harness-config").toString());
        return AtriumConfig.load(env);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** {@code kill -9} of the service's process, as in a power cut of its machine. */
  public static void kill(Service service) throws IOException {
    Path pidFile = pidFile(service);
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle process = ProcessHandle.of(pid)
        .orElseThrow(() -> new IllegalStateException(service + " (pid " + pid + ") is not running"));
    process.destroyForcibly();
    process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
  }

  /** Whether the service's process (by its pid file) is alive. */
  public static boolean running(Service service) throws IOException {
    Path pidFile = pidFile(service);
    return Files.exists(pidFile)
        && ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Starts the service again with the project's script and waits until it serves clients. */
  public static void start(Service service, Duration timeout) throws IOException, InterruptedException {
    Process start = new ProcessBuilder(ROOT.resolve("scripts/start-" + service.scriptName()).toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .start();
    if (!start.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || start.exitValue() != 0) {
      start.destroyForcibly();
      throw new AssertionError("scripts/start-" + service.scriptName() + " did not succeed within " + timeout);
    }
  }

  private static Path pidFile(Service service) {
    return dataDir().resolve(service.scriptName()).resolve(service.scriptName() + ".pid");
  }

  private static Path dataDir() {
    String configured = System.getenv("ATRIUM_DATA_DIR");
    return configured == null || configured.isBlank() ? ROOT.resolve("var") : Path.of(configured);
  }
}
