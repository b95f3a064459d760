package io.atrium.node.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** The runnable jar under test, built by the package phase before Failsafe runs. */
final class NodeJar {

  private NodeJar() {}

  static Path path() {
    Path jar = Path.of(System.getProperty("atrium.node.jar", "target/atrium-node.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("node jar not found at " + jar + "; run `mvn package` first");
    }
    return jar;
  }
}
