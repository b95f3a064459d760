package io.atrium.persistence.cassandra;

import com.typesafe.config.Config;
import io.atrium.config.HostPort;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How Atrium uses Cassandra: addresses (from {@code atrium.cassandra} in the config module) and the
 * schema and probe settings from this module's reference.conf.
 */
public record CassandraSettings(
    List<HostPort> contactPoints,
    String localDatacenter,
    String journalKeyspace,
    String snapshotKeyspace,
    String projectKeyspace,
    String replication,
    boolean applySchemaOnStart,
    Duration schemaDeadline,
    Duration ddlTimeout,
    Duration probeTimeout) {

  private static final Pattern KEYSPACE = Pattern.compile("[a-z][a-z0-9_]{0,47}");

  public static CassandraSettings fromConfig(Config config) {
    return new CassandraSettings(
        Settings.hostPorts(config, "atrium.cassandra.contact-points", false),
        Settings.nonBlank(config, "atrium.cassandra.local-datacenter"),
        keyspace(config, "pekko.persistence.cassandra.journal.keyspace"),
        keyspace(config, "pekko.persistence.cassandra.snapshot.keyspace"),
        keyspace(config, "atrium.cassandra.project-keyspace"),
        Settings.nonBlank(config, "atrium.cassandra.replication"),
        Settings.bool(config, "atrium.cassandra.apply-schema-on-start"),
        Settings.positiveDuration(config, "atrium.cassandra.schema-deadline"),
        Settings.positiveDuration(config, "atrium.cassandra.ddl-timeout"),
        Settings.positiveDuration(config, "atrium.cassandra.probe-timeout"));
  }

  private static String keyspace(Config config, String path) {
    String name = Settings.nonBlank(config, path);
    if (!KEYSPACE.matcher(name).matches()) {
      throw new SettingsException(path, "'" + name + "' is not a valid keyspace name " + KEYSPACE);
    }
    return name;
  }
}
