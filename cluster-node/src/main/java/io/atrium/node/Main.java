package io.atrium.node;

import io.atrium.config.AtriumConfig;
import io.atrium.config.SettingsException;
import io.atrium.persistence.cassandra.SchemaMigrator;
import java.util.Arrays;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * {@code java -jar atrium-node.jar [command]}.
 *
 * <ul>
 *   <li>{@code run} (default): start a cluster node and keep running until SIGTERM.
 *   <li>{@code schema}: apply the Cassandra DDL files and exit.
 *   <li>{@code check-config}: load and validate the settings, print the effective addresses, exit.
 *   <li>{@code keys create --tenant T --role client|admin}, {@code keys list}, {@code keys revoke ID}:
 *       manage API keys in Cassandra and exit.
 * </ul>
 *
 * Exit codes: 0 success or clean stop; 2 invalid settings; 64 unknown command; 1 any other failure.
 */
public final class Main {

  static final int EXIT_FAILURE = 1;
  static final int EXIT_INVALID_SETTINGS = 2;
  static final int EXIT_USAGE = 64;

  private Main() {}

  public static void main(String[] args) {
    String command = args.length == 0 ? "run" : args[0];
    NodeConfiguration configuration;
    try {
      configuration = NodeConfiguration.load(System.getenv());
    } catch (SettingsException e) {
      System.err.println("atrium: " + e.getMessage());
      System.exit(EXIT_INVALID_SETTINGS);
      return;
    }
    // Logback reads this on first use; set it before anything logs.
    System.setProperty("ATRIUM_LOG_FORMAT", configuration.logFormat());
    switch (command) {
      case "run" -> run(configuration);
      case "schema" -> exit(applySchema(configuration));
      case "check-config" -> exit(checkConfig(configuration));
      case "keys" -> exit(new KeysCommand(System.out, System.err)
          .run(configuration, Arrays.asList(args).subList(1, args.length)));
      default -> {
        System.err.println("atrium: unknown command '" + command + "' in " + Arrays.toString(args)
            + "; expected run, schema, check-config or keys");
        exit(EXIT_USAGE);
      }
    }
  }

  private static void run(NodeConfiguration configuration) {
    try {
      if (configuration.cassandra().applySchemaOnStart()) {
        new SchemaMigrator(configuration.cassandra()).apply();
      }
      ActorSystem<Void> system = ActorSystem.create(
          NodeGuardian.create(configuration), AtriumConfig.ACTOR_SYSTEM_NAME, configuration.config());
      ShutdownSignals.install(system, configuration.node().shutdownDeadline());
    } catch (RuntimeException e) {
      System.err.println("atrium: node failed to start: " + e.getMessage());
      e.printStackTrace(System.err);
      exit(EXIT_FAILURE);
    }
  }

  private static int applySchema(NodeConfiguration configuration) {
    try {
      int statements = new SchemaMigrator(configuration.cassandra()).apply();
      System.out.println("Schema applied: " + statements + " statements at "
          + configuration.cassandra().contactPoints());
      return 0;
    } catch (RuntimeException e) {
      System.err.println("atrium: " + e.getMessage());
      return EXIT_FAILURE;
    }
  }

  private static int checkConfig(NodeConfiguration configuration) {
    var node = configuration.node();
    System.out.println("http        " + node.host() + ":" + node.httpPort());
    System.out.println("cluster     " + node.host() + ":" + node.clusterPort()
        + (node.joinsSelf() ? " (forms its own cluster)" : " seeds " + node.seedNodes()));
    System.out.println("management  " + node.host() + ":" + node.managementPort());
    System.out.println("cassandra   " + configuration.cassandra().contactPoints());
    System.out.println("kafka       " + configuration.kafka().bootstrapServersProperty());
    System.out.println("data dir    " + node.dataDir());
    return 0;
  }

  private static void exit(int code) {
    System.exit(code);
  }
}
