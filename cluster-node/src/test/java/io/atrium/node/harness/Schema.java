package io.atrium.node.harness;

import io.atrium.config.AtriumConfig;
import io.atrium.persistence.cassandra.CassandraSettings;
import io.atrium.persistence.cassandra.SchemaMigrator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** Applies the Cassandra schema once per test JVM, as `scripts/run-all` does before starting nodes. */
final class Schema {

  private static boolean applied;

  private Schema() {}

  static synchronized void ensureApplied() {
    if (applied) {
      return;
    }
    try {
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put("ATRIUM_DATA_DIR", Files.createTempDirectory("atrium-schema").toString());
      new SchemaMigrator(CassandraSettings.fromConfig(AtriumConfig.load(env))).apply();
      applied = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
