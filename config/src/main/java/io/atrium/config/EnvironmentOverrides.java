package io.atrium.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment-relevant settings an operator may override through the environment.
 *
 * <p>Kept as one table in code rather than as {@code ${?VAR}} lines spread over reference.conf files
 * so that an invalid value can be reported with the variable it came from, and so that the table is
 * tested and documented in one place (README, "Configuration").
 */
public final class EnvironmentOverrides {

  /** One environment variable and the HOCON path it sets. */
  public record Override(String variable, String path) {}

  public static final List<Override> ALL = List.of(
      new Override("ATRIUM_PROFILE", "atrium.profile"),
      new Override("ATRIUM_LOG_FORMAT", "atrium.logging.format"),
      new Override("ATRIUM_HOST", "atrium.node.host"),
      new Override("ATRIUM_HTTP_PORT", "atrium.node.http-port"),
      new Override("ATRIUM_CLUSTER_PORT", "atrium.node.cluster-port"),
      new Override("ATRIUM_MANAGEMENT_PORT", "atrium.node.management-port"),
      new Override("ATRIUM_SEED_NODES", "atrium.node.seed-nodes"),
      new Override("ATRIUM_DATA_DIR", "atrium.node.data-dir"),
      new Override("ATRIUM_SHUTDOWN_DEADLINE", "atrium.node.shutdown-deadline"),
      new Override("ATRIUM_CASSANDRA_CONTACT_POINTS", "atrium.cassandra.contact-points"),
      new Override("ATRIUM_CASSANDRA_DATACENTER", "atrium.cassandra.local-datacenter"),
      new Override("ATRIUM_CASSANDRA_APPLY_SCHEMA", "atrium.cassandra.apply-schema-on-start"),
      new Override("ATRIUM_KAFKA_BOOTSTRAP", "atrium.kafka.bootstrap-servers"),
      new Override("ATRIUM_ADMISSION_ENABLED", "atrium.http.admission.enabled"),
      new Override("ATRIUM_AUTH_ENABLED", "atrium.http.auth.enabled"),
      new Override("ATRIUM_RATE_LIMIT_ENABLED", "atrium.rate-limit.enabled"),
      new Override("ATRIUM_JWT_SECRET", "atrium.http.auth.jwt.hs256-secret"),
      new Override("ATRIUM_JWT_JWKS_FILE", "atrium.http.auth.jwt.jwks-file"),
      new Override("ATRIUM_CLUSTER_TRANSPORT", "atrium.node.cluster-transport"),
      new Override("ATRIUM_DOWNING", "atrium.node.downing"),
      new Override("ATRIUM_CLUSTER_TLS_KEYSTORE", "atrium.node.cluster-tls.keystore"),
      new Override("ATRIUM_CLUSTER_TLS_PASSWORD", "atrium.node.cluster-tls.password"),
      new Override("ATRIUM_TLS_ENABLED", "atrium.http.tls.enabled"),
      new Override("ATRIUM_TLS_KEYSTORE", "atrium.http.tls.keystore"),
      new Override("ATRIUM_TLS_KEYSTORE_PASSWORD", "atrium.http.tls.keystore-password"),
      new Override("ATRIUM_JWT_ISSUER", "atrium.http.auth.jwt.issuer"),
      new Override("ATRIUM_JWT_AUDIENCE", "atrium.http.auth.jwt.audience"));

  private EnvironmentOverrides() {}

  /** The overrides present in {@code environment}, as HOCON path → raw string value. */
  public static Map<String, String> from(Map<String, String> environment) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Override override : ALL) {
      String value = environment.get(override.variable());
      if (value != null) {
        values.put(override.path(), value);
      }
    }
    return values;
  }

  public static Optional<String> variableFor(String path) {
    return ALL.stream().filter(o -> o.path().equals(path)).map(Override::variable).findFirst();
  }
}
