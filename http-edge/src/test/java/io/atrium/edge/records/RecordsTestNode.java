package io.atrium.edge.records;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.atrium.edge.auth.TestAuth;
import io.atrium.edge.TestClusterNode;
import io.atrium.edge.TestHttp;
import io.atrium.edge.errors.JsonErrorHandling;
import io.atrium.sharding.records.RecordEntity;
import io.atrium.sharding.records.RecordListing;
import io.atrium.sharding.records.RecordSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/**
 * A one-node cluster running the records service the way a node does (sharded entities, routes
 * sealed by the JSON error handling, the app's serialization and HTTP server settings), on the
 * in-memory journal and a local snapshot store, bound on a free port.
 */
public final class RecordsTestNode implements AutoCloseable {

  /** The listing's read side needs Cassandra; these tests cover the per-key API only. */
  private static final RecordListing NO_LISTING = (tenant, collection, prefix, limit, cursor) ->
      CompletableFuture.completedFuture(new RecordListing.Page(List.of(), Optional.empty()));

  final ActorTestKit testKit;
  final RecordSettings settings;
  final TestHttp http;

  private RecordsTestNode(ActorTestKit testKit, RecordSettings settings, TestHttp http) {
    this.testKit = testKit;
    this.settings = settings;
    this.http = http;
  }

  static RecordsTestNode start(String name, Path snapshotDir) {
    return start(name, snapshotDir, "", true);
  }

  /**
   * @param extraConfig overrides, e.g. of {@code atrium.records}
   * @param join whether the node joins itself; a node that never joins has sharding that buffers
   *     every message and never answers
   */
  static RecordsTestNode start(String name, Path snapshotDir, String extraConfig, boolean join) {
    ActorTestKit testKit = ActorTestKit.create(name, config(snapshotDir, extraConfig));
    try {
      if (join) {
        TestClusterNode.joinSelfAndAwaitUp(testKit);
      }
      RecordSettings settings = RecordSettings.fromConfig(testKit.system().settings().config());
      RecordEntity.init(testKit.system(), settings);
      RecordRoutes routes = new RecordRoutes(testKit.system(), settings, NO_LISTING);
      TestHttp http = TestHttp.bind(testKit.system(),
          TestAuth.around(TestAuth.disabled(), new JsonErrorHandling(Duration.ofSeconds(1)), routes.route()));
      return new RecordsTestNode(testKit, settings, http);
    } catch (RuntimeException | Error e) {
      testKit.shutdownTestKit();
      throw e;
    }
  }

  /**
   * The node's configuration: in-memory journal, local snapshots, the app's serialization binding
   * and HTTP server limits (not its Cassandra journal).
   */
  public static Config config(Path snapshotDir, String extraConfig) {
    return ConfigFactory.parseString(extraConfig).withFallback(ConfigFactory.parseString("""
            pekko.persistence.journal.plugin = "pekko.persistence.journal.inmem"
            # Events go through the jackson-cbor binding, as they would to Cassandra.
            pekko.persistence.journal.inmem.test-serialization = on
            pekko.persistence.snapshot-store.plugin = "pekko.persistence.snapshot-store.local"
            """))
        .withFallback(ConfigFactory.parseMap(Map.of("pekko.persistence.snapshot-store.local.dir", snapshotDir.toString())))
        .withFallback(ConfigFactory.parseResources("atrium-defaults.conf").withOnlyPath("pekko.actor"))
        .withFallback(ConfigFactory.parseResources("atrium-defaults.conf").withOnlyPath("pekko.http"))
        .withFallback(TestClusterNode.config(""));
  }

  /** A path segment as a client must send it: '/' and non-ASCII characters percent-encoded. */
  public static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String path(String collection, String key) {
    return "/v1/records/" + encode(collection) + "/" + encode(key);
  }

  @Override
  public void close() {
    try {
      http.close();
    } finally {
      testKit.shutdownTestKit();
    }
  }
}
