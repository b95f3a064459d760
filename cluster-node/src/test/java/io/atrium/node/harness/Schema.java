package io.atrium.node.harness;

import io.atrium.persistence.cassandra.SchemaMigrator;

/** Applies the Cassandra schema once per test JVM, as `scripts/run-all` does before starting nodes. */
final class Schema {

  private static boolean applied;

  private Schema() {}

  static synchronized void ensureApplied() {
    if (applied) {
      return;
    }
    new SchemaMigrator(LocalServices.cassandra()).apply();
    applied = true;
  }
}
