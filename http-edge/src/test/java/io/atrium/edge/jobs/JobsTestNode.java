package io.atrium.edge.jobs;

import io.atrium.edge.TestClusterNode;
import io.atrium.edge.TestHttp;
import io.atrium.edge.auth.Authentication;
import io.atrium.edge.auth.TestAuth;
import io.atrium.edge.errors.JsonErrorHandling;
import io.atrium.edge.records.RecordRoutes;
import io.atrium.edge.records.RecordsTestNode;
import io.atrium.sharding.jobs.runtime.Jobs;
import io.atrium.sharding.records.RecordEntity;
import io.atrium.sharding.records.RecordListing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/**
 * A one-node cluster running datasets and jobs the way a node does (sharded job, backlog and record
 * entities, the chunk worker, the routes behind authentication and the JSON error handling), with
 * datasets, partials and the task queue in memory instead of Cassandra and Kafka.
 */
final class JobsTestNode implements AutoCloseable {

  final ActorTestKit testKit;
  TestHttp http;
  final InMemoryDatasetStore datasets = new InMemoryDatasetStore();
  InMemoryPartialStore partials;
  final AtomicBoolean queueUp = new AtomicBoolean(true);
  Jobs jobs;
  private final ExecutorService workers = Executors.newFixedThreadPool(2);
  private InMemoryTaskQueue queue;

  private JobsTestNode(Path snapshotDir, String extraConfig) {
    testKit = ActorTestKit.create("JobsTestNode", RecordsTestNode.config(snapshotDir, extraConfig));
    try {
      TestClusterNode.joinSelfAndAwaitUp(testKit);
      Jobs.Config config = Jobs.Config.fromConfig(testKit.system().settings().config());
      RecordEntity.init(testKit.system(), config.records());
      partials = new InMemoryPartialStore(testKit.system());
      jobs = Jobs.start(testKit.system(), config, datasets, partials, worker -> {
            queue = new InMemoryTaskQueue(worker);
            return queue;
          },
          () -> queueUp.get()
              ? CompletableFuture.completedFuture(null)
              : CompletableFuture.failedFuture(new IllegalStateException("Kafka is down")),
          workers);
      RecordListing noListing = (tenant, collection, prefix, limit, cursor) ->
          CompletableFuture.completedFuture(new RecordListing.Page(List.of(), Optional.empty()));
      Authentication auth = TestAuth.create(TestAuth.enabled(Map.of()), TestAuth.loadedCache(
          new io.atrium.edge.auth.InMemoryKeyStore()));
      var errors = new JsonErrorHandling(Duration.ofSeconds(1));
      var routes = new DatasetRoutes(jobs.datasets(), jobs.upload(), jobs.datasetSettings()).route();
      http = TestHttp.bind(testKit.system(), TestAuth.around(auth, errors, routes.orElse(
          new JobRoutes(testKit.system(), jobs).route()).orElse(
          new RecordRoutes(testKit.system(), config.records(), noListing).route())));
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  static JobsTestNode start(Path snapshotDir, String extraConfig) {
    return new JobsTestNode(snapshotDir, extraConfig);
  }

  InMemoryTaskQueue queue() {
    return queue;
  }

  @Override
  public void close() {
    try {
      if (http != null) {
        http.close();
      }
    } finally {
      workers.shutdownNow();
      testKit.shutdownTestKit();
    }
  }
}
