package io.atrium.sharding.jobs.kafka;

import io.atrium.persistence.cassandra.CassandraSettings;
import io.atrium.persistence.kafka.KafkaProbe;
import io.atrium.persistence.kafka.KafkaSettings;
import io.atrium.sharding.jobs.datasets.CassandraDatasetStore;
import io.atrium.sharding.jobs.runtime.Jobs;
import io.atrium.sharding.jobs.store.CassandraPartialStore;
import io.atrium.sharding.jobs.store.Cql;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.UniqueKillSwitch;

/**
 * Jobs as a node runs them: datasets and partials in Cassandra, tasks in Kafka, this node's consumer
 * started once the topics exist, everything stopped in coordinated shutdown (consuming stops before
 * the cluster is left, so in-flight tasks are redelivered to the nodes that stay).
 */
public final class NodeJobs {

  private NodeJobs() {}

  /**
   * @param probe the node's Kafka probe: a submission while it fails is refused with 503
   */
  public static Jobs start(ActorSystem<?> system, Jobs.Config config, CassandraSettings cassandra, KafkaSettings kafka,
      KafkaProbe probe) {
    Cql cql = Cql.forNode(system);
    ExecutorService workers = Executors.newFixedThreadPool(config.runtime().workerPoolSize(),
        threads("atrium-job-worker"));
    ExecutorService blocking = Executors.newCachedThreadPool(threads("atrium-job-producer"));
    AtomicReference<UniqueKillSwitch> consumer = new AtomicReference<>();
    AtomicReference<TopicSetup> topics = new AtomicReference<>();
    AtomicInteger partitions = new AtomicInteger();
    AtomicReference<KafkaTaskQueue> queue = new AtomicReference<>();
    Jobs jobs = Jobs.start(system, config, new CassandraDatasetStore(cql, cassandra.projectKeyspace()),
        new CassandraPartialStore(system, cql, cassandra.projectKeyspace()),
        worker -> {
          queue.set(new KafkaTaskQueue(system, kafka, config.runtime().topics(), partitions, blocking));
          return queue.get();
        },
        () -> topics.get() != null && topics.get().ready()
            ? probe.probe()
            : CompletableFuture.failedFuture(new IllegalStateException("the job topics are not set up yet")),
        workers);
    topics.set(TopicSetup.start(system, kafka, config.runtime().topics(), () -> {
      partitions.set(topics.get().partitions().get());
      consumer.set(TaskConsumer.start(system, kafka, config.runtime(), jobs.worker(), system.executionContext()));
    }));
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "stop-job-consumer", () -> {
      UniqueKillSwitch running = consumer.get();
      if (running != null) {
        running.shutdown();
      }
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-job-producer", () -> {
      workers.shutdown();
      return queue.get().close().handle((ok, error) -> {
        blocking.shutdown();
        return Done.getInstance();
      });
    });
    return jobs;
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
