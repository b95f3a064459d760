package io.atrium.node.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Cassandra that `scripts/test` started, for tests that crash it: found through the scripts'
 * pid file under {@code ATRIUM_DATA_DIR} (default {@code <repo>/var}).
 */
public final class LocalServices {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private LocalServices() {}

  /** {@code kill -9} of the Cassandra process, as in a power cut of its machine. */
  public static void killCassandra() throws IOException, InterruptedException {
    Path pidFile = dataDir().resolve("cassandra/cassandra.pid");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle cassandra = ProcessHandle.of(pid)
        .orElseThrow(() -> new IllegalStateException("Cassandra (pid " + pid + ") is not running"));
    cassandra.destroyForcibly();
    cassandra.onExit().orTimeout(30, TimeUnit.SECONDS).join();
  }

  /** Starts Cassandra again with the project's script and waits until it serves CQL. */
  public static void startCassandra(Duration timeout) throws IOException, InterruptedException {
    Process start = new ProcessBuilder(ROOT.resolve("scripts/start-cassandra").toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .start();
    if (!start.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || start.exitValue() != 0) {
      start.destroyForcibly();
      throw new AssertionError("scripts/start-cassandra did not succeed within " + timeout);
    }
  }

  private static Path dataDir() {
    String configured = System.getenv("ATRIUM_DATA_DIR");
    return configured == null || configured.isBlank() ? ROOT.resolve("var") : Path.of(configured);
  }
}
