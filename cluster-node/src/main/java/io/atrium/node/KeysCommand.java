package io.atrium.node;

import com.datastax.oss.driver.api.core.CqlSession;
import io.atrium.edge.auth.ApiKeyStore;
import io.atrium.edge.auth.ApiKeys;
import io.atrium.edge.auth.CassandraKeyStore;
import io.atrium.edge.auth.Role;
import io.atrium.edge.auth.StoredKey;
import io.atrium.persistence.cassandra.SchemaMigrator;
import io.atrium.sharding.Tenant;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * {@code atrium-node.jar keys create --tenant T --role client|admin | list | revoke ID}: API keys
 * managed straight in Cassandra, without a running node (running nodes see changes within
 * {@code atrium.http.auth.api-keys.refresh-interval}).
 */
final class KeysCommand {

  static final String USAGE = "usage: keys create --tenant T --role client|admin | keys list | keys revoke ID";

  private final PrintStream out;
  private final PrintStream err;

  KeysCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs {@code args} (after "keys") and returns the exit code. */
  int run(NodeConfiguration configuration, List<String> args) {
    if (args.isEmpty() || !List.of("create", "list", "revoke").contains(args.get(0))) {
      err.println("atrium: " + USAGE);
      return Main.EXIT_USAGE;
    }
    Optional<Parsed> parsed = parse(args);
    if (parsed.isEmpty()) {
      err.println("atrium: " + USAGE);
      return Main.EXIT_USAGE;
    }
    try (CqlSession session = SchemaMigrator.connect(configuration.cassandra())) {
      return parsed.get().run(CassandraKeyStore.forSession(session, configuration.cassandra()));
    } catch (RuntimeException e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      err.println("atrium: keys " + args.get(0) + " failed: " + cause.getMessage()
          + " (is Cassandra up and the schema applied with `atrium-node.jar schema`?)");
      return Main.EXIT_FAILURE;
    }
  }

  /** One parsed subcommand. */
  private interface Parsed {
    int run(ApiKeyStore store);
  }

  private Optional<Parsed> parse(List<String> args) {
    switch (args.get(0)) {
      case "list" -> {
        return args.size() == 1 ? Optional.of(this::list) : Optional.empty();
      }
      case "revoke" -> {
        return args.size() == 2 ? Optional.of(store -> revoke(store, args.get(1))) : Optional.empty();
      }
      default -> {
        Optional<String> tenant = option(args, "--tenant");
        Optional<Role> role = option(args, "--role").flatMap(Role::fromLabel);
        if (args.size() != 5 || tenant.isEmpty() || role.isEmpty()) {
          return Optional.empty();
        }
        try {
          Tenant valid = new Tenant(tenant.get());
          return Optional.of(store -> create(store, valid, role.get()));
        } catch (IllegalArgumentException e) {
          err.println("atrium: " + e.getMessage());
          return Optional.empty();
        }
      }
    }
  }

  private int create(ApiKeyStore store, Tenant tenant, Role role) {
    ApiKeys.Issued issued = ApiKeys.issue(tenant, role, Instant.now());
    store.insert(issued.stored()).toCompletableFuture().join();
    out.println("id      " + issued.stored().id());
    out.println("tenant  " + tenant.id());
    out.println("role    " + role.label());
    out.println("key     " + issued.token());
    out.println("Store the key now: it is shown only this once (Cassandra keeps a salted hash).");
    return 0;
  }

  private int list(ApiKeyStore store) {
    List<StoredKey> keys = store.all().toCompletableFuture().join().stream()
        .sorted(Comparator.comparing(StoredKey::createdAt)).toList();
    out.printf("%-16s  %-24s  %-6s  %-24s  %s%n", "ID", "TENANT", "ROLE", "CREATED", "REVOKED");
    for (StoredKey key : keys) {
      out.printf("%-16s  %-24s  %-6s  %-24s  %s%n", key.id(), key.tenant().id(), key.role().label(), key.createdAt(),
          key.revokedAt().map(Instant::toString).orElse("-"));
    }
    return 0;
  }

  private int revoke(ApiKeyStore store, String id) {
    if (!store.revoke(id, Instant.now()).toCompletableFuture().join()) {
      err.println("atrium: no API key '" + id + "'");
      return Main.EXIT_FAILURE;
    }
    out.println("revoked " + id + " (every node refuses it within the key refresh interval)");
    return 0;
  }

  private static Optional<String> option(List<String> args, String name) {
    int at = args.indexOf(name);
    return at > 0 && at + 1 < args.size() ? Optional.of(args.get(at + 1)) : Optional.empty();
  }
}
