package io.atrium.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NodeSettings#fromConfig} on hand-written configs, without the environment layer. */
class NodeSettingsTest {

  @TempDir Path tmp;

  private Config config(String dataDir, String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString("""
            atrium.node {
              host = "10.0.0.7"
              http-port = 8081
              cluster-port = 25521
              management-port = 8559
              seed-nodes = "s1:25520"
              shutdown-deadline = 3s
            }
            """))
        .withValue("atrium.node.data-dir", ConfigValueFactory.fromAnyRef(dataDir));
  }

  @Test
  void readsEveryField() {
    NodeSettings node = NodeSettings.fromConfig(config(tmp.resolve("d").toString(), ""));

    assertEquals(new NodeSettings("10.0.0.7", 8081, 25521, 8559, List.of(new HostPort("s1", 25520)),
        tmp.resolve("d").toAbsolutePath(), Duration.ofSeconds(3)), node);
    assertTrue(Files.isDirectory(node.dataDir()));
  }

  @Test
  void existingDataDirIsAccepted() {
    NodeSettings node = NodeSettings.fromConfig(config(tmp.toString(), ""));

    assertEquals(tmp.toAbsolutePath(), node.dataDir());
  }

  @Test
  void relativeDataDirIsMadeAbsolute() {
    Path relative = Path.of("").toAbsolutePath().relativize(tmp.resolve("rel"));

    NodeSettings node = NodeSettings.fromConfig(config(relative.toString(), ""));

    assertTrue(node.dataDir().isAbsolute());
    assertEquals(tmp.resolve("rel").toAbsolutePath().normalize(), node.dataDir().normalize());
  }

  @Test
  void missingSettingIsNamed() {
    Config withoutHost = config(tmp.toString(), "").withoutPath("atrium.node.host");

    SettingsException e = assertThrows(SettingsException.class, () -> NodeSettings.fromConfig(withoutHost));

    assertEquals("atrium.node.host", e.setting());
    assertTrue(e.getMessage().contains("ATRIUM_HOST"), e.getMessage());
  }

  @Test
  void portsMustBePairwiseDistinct() {
    assertEquals("atrium.node.http-port", assertThrows(SettingsException.class,
        () -> NodeSettings.fromConfig(config(tmp.toString(), "atrium.node.http-port = 25521"))).setting());
    assertEquals("atrium.node.http-port", assertThrows(SettingsException.class,
        () -> NodeSettings.fromConfig(config(tmp.toString(), "atrium.node.management-port = 8081"))).setting());
    assertEquals("atrium.node.cluster-port", assertThrows(SettingsException.class,
        () -> NodeSettings.fromConfig(config(tmp.toString(), "atrium.node.cluster-port = 8559"))).setting());
  }

  @Test
  void unwritableDataDirIsRejected() throws IOException {
    Path locked = Files.createDirectory(tmp.resolve("locked"));
    assumeFalse(!Files.getFileStore(locked).supportsFileAttributeView("posix"), "needs POSIX permissions");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
    try {
      assumeFalse(Files.isWritable(locked), "running as a user who can write anyway (root)");

      SettingsException e = assertThrows(SettingsException.class,
          () -> NodeSettings.fromConfig(config(locked.toString(), "")));

      assertEquals("atrium.node.data-dir", e.setting());
      assertTrue(e.getMessage().contains("not writable"), e.getMessage());
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }
}
