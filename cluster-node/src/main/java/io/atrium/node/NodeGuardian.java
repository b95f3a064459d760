package io.atrium.node;

import io.atrium.edge.HttpEdge;
import io.atrium.edge.ServiceRoutes;
import io.atrium.edge.auth.CassandraKeyStore;
import io.atrium.edge.compute.ComputeEdge;
import io.atrium.edge.health.ReadinessCheck;
import io.atrium.edge.jobs.DatasetRoutes;
import io.atrium.edge.jobs.JobRoutes;
import io.atrium.edge.ops.PlacementRoutes;
import io.atrium.edge.ops.ReportedCpuFaultRoutes;
import io.atrium.edge.records.RecordRoutes;
import io.atrium.edge.streams.StreamRoutes;
import io.atrium.node.failover.CrashProbe;
import io.atrium.persistence.cassandra.CassandraProbe;
import io.atrium.persistence.kafka.KafkaProbe;
import io.atrium.sharding.compute.Compute;
import io.atrium.sharding.events.EntityEvents;
import io.atrium.sharding.jobs.JobTypes;
import io.atrium.sharding.jobs.kafka.NodeJobs;
import io.atrium.sharding.jobs.runtime.Jobs;
import io.atrium.sharding.load.FaultSettings;
import io.atrium.sharding.load.LoadReporting;
import io.atrium.sharding.placement.ShardPlacement;
import io.atrium.sharding.records.CassandraRecordListing;
import io.atrium.sharding.records.RecordEntity;
import io.atrium.sharding.records.RecordKeysProjection;
import io.atrium.sharding.records.RecordListing;
import io.atrium.sharding.streams.StreamEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root actor: joins the cluster, starts management, load reporting, the sharded services, the
 * compute workers with this node's adaptive router, and the HTTP edge.
 */
final class NodeGuardian {

  private static final Logger LOG = LoggerFactory.getLogger(NodeGuardian.class);

  private NodeGuardian() {}

  static Behavior<Void> create(NodeConfiguration configuration) {
    return Behaviors.setup(context -> {
      ActorSystem<Void> system = context.getSystem();
      joinCluster(system, configuration);
      if (configuration.crashProbe().enabled()) {
        context.spawn(CrashProbe.create(configuration.crashProbe()), "crash-probe");
      }
      PekkoManagement.get(Adapter.toClassic(system)).start()
          .whenComplete((uri, error) -> failOn(system, "Pekko Management", error));
      LoadReporting load = LoadReporting.start(system, configuration.load());
      ShardPlacement placement = ShardPlacement.start(system, configuration.placement(), load,
          configuration.load().reportInterval());
      KafkaProbe kafka = kafkaProbe(system, configuration);
      JobTypes jobTypes = JobTypes.create(configuration.jobs().jobs());
      Compute compute = Compute.start(system, configuration.compute(), configuration.balancer(), jobTypes, load);
      // Compute stores nothing: it serves on while storage is down or this node is in a minority.
      ServiceRoutes services = new ServiceRoutes(services(system, configuration, placement, kafka),
          List.of(ComputeEdge.service(system, configuration.compute(), compute, jobTypes,
              configuration.edge().retryAfter())));
      List<Route> ops = new ArrayList<>(opsRoutes(configuration.faults(), load, placement));
      ops.addAll(ComputeEdge.ops(system, configuration.compute(), compute, configuration.faults().enabled()));
      ReadinessCheck cassandra = new ReadinessCheck("cassandra",
          new CassandraProbe(system, configuration.cassandra().probeTimeout())::probe);
      HttpEdge.start(system, configuration.edge(), List.of(cassandra, new ReadinessCheck("kafka", kafka::probe)),
          cassandra, services, ops, load, CassandraKeyStore.forNode(system, configuration.cassandra()))
          .whenComplete((binding, error) -> failOn(system, "HTTP edge", error));
      return Behaviors.empty();
    });
  }

  private static void joinCluster(ActorSystem<?> system, NodeConfiguration configuration) {
    Cluster cluster = Cluster.get(system);
    if (configuration.node().joinsSelf()) {
      LOG.info("No seed nodes configured: forming a cluster of one at {}", cluster.selfMember().address());
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    } else {
      LOG.info("Joining the cluster through seed nodes {}", configuration.node().seedNodes());
    }
  }

  /** Starts the sharded services on this node and returns their routes. */
  private static List<Route> services(ActorSystem<?> system, NodeConfiguration configuration,
      ShardPlacement placement, KafkaProbe kafka) {
    RecordEntity.init(system, configuration.records(), placement);
    RecordKeysProjection.init(system, configuration.cassandra(), configuration.records());
    RecordListing listing = new CassandraRecordListing(system, configuration.cassandra());
    StreamEntity.init(system, configuration.streams(), placement);
    EntityEvents.init(system, configuration.events(), configuration.kafka(), configuration.cassandra(),
        configuration.records(), configuration.streams());
    Jobs jobs = NodeJobs.start(system, configuration.jobs(), configuration.cassandra(), configuration.kafka(), kafka);
    return List.of(
        new RecordRoutes(system, configuration.records(), listing).route(),
        new StreamRoutes(system, configuration.streams()).route(),
        new DatasetRoutes(jobs.datasets(), jobs.upload(), jobs.datasetSettings()).route(),
        new JobRoutes(system, jobs).route());
  }

  /** {@code /ops/placement}, and {@code /ops/faults/*} when fault injection is enabled. */
  private static List<Route> opsRoutes(FaultSettings faults, LoadReporting load, ShardPlacement placement) {
    List<Route> routes = new ArrayList<>(List.of(new PlacementRoutes(placement).route()));
    if (faults.enabled()) {
      LOG.warn("Fault injection is ENABLED (atrium.faults.enabled): /ops/faults can slow, fail or misreport "
          + "this node. For tests and benchmarks only");
      load.sources().processCpuFault(faults.reportCpu());
      routes.add(new ReportedCpuFaultRoutes(load.sources()).route());
    }
    return routes;
  }

  /** One Kafka admin client per node: readiness and job submission ask it. */
  private static KafkaProbe kafkaProbe(ActorSystem<?> system, NodeConfiguration configuration) {
    KafkaProbe kafka = new KafkaProbe(configuration.kafka());
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
        "close-kafka-probe", () -> {
          kafka.close();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    return kafka;
  }

  /** A listener that cannot bind leaves a node nobody can reach: stop the process instead. */
  private static void failOn(ActorSystem<?> system, String component, Throwable error) {
    if (error != null) {
      LOG.error("{} failed to start; stopping the node", component, error);
      Thread exit = new Thread(() -> System.exit(Main.EXIT_FAILURE), "atrium-startup-failure");
      exit.start();
    }
  }
}
