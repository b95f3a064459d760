package io.atrium.sharding.load;

import io.atrium.sharding.load.ResourceSampler.Resources;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Samples this node's load once per report interval, publishes it to every member through a pub-sub
 * topic, and keeps the latest report of every member (its own included) in {@code board}. A removed
 * member's report is dropped at once; a member that stops reporting ages into staleness.
 */
final class LoadReporter {

  /** The topic every node's reporter publishes to and subscribes to. */
  private static final String TOPIC = "atrium-load-reports";

  sealed interface Command {}

  enum Tick implements Command { INSTANCE }

  /** A report from any member, this node's own included. */
  record Received(NodeLoad report) implements Command {}

  record MemberRemoved(String node) implements Command {}

  private final LoadSources sources;
  private final AtomicReference<ReceivedReports> board;
  private final LongSupplier clockMillis;
  private final ResourceSampler sampler = new ResourceSampler();
  private final String self;
  private final ActorRef<Topic.Command<NodeLoad>> topic;

  private LoadReporter(ActorContext<Command> context, LoadSources sources, AtomicReference<ReceivedReports> board,
      LongSupplier clockMillis) {
    this.sources = sources;
    this.board = board;
    this.clockMillis = clockMillis;
    Cluster cluster = Cluster.get(context.getSystem());
    this.self = cluster.selfMember().address().toString();
    this.topic = context.spawn(Topic.create(NodeLoad.class, TOPIC), "topic");
    topic.tell(Topic.subscribe(context.messageAdapter(NodeLoad.class, Received::new)));
    cluster.subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.MemberRemoved.class,
            removed -> new MemberRemoved(removed.member().address().toString())),
        ClusterEvent.MemberRemoved.class));
  }

  /**
   * @param board where the latest reports are kept for readers outside the actor
   * @param clockMillis a monotonic millisecond clock; report ages are measured with it
   */
  static Behavior<Command> create(LoadSettings settings, LoadSources sources, AtomicReference<ReceivedReports> board,
      LongSupplier clockMillis) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.reportInterval());
      // The first report goes out at once, so a fresh node is in the cluster view within moments.
      context.getSelf().tell(Tick.INSTANCE);
      return new LoadReporter(context, sources, board, clockMillis).behavior();
    }));
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(Received.class, this::onReceived)
        .onMessage(MemberRemoved.class, this::onMemberRemoved)
        .build();
  }

  private Behavior<Command> onTick() {
    NodeLoad report = sample();
    // Kept here at once: the topic's copy for this node arrives later, and not before the topic
    // has registered with the receptionist.
    board.updateAndGet(reports -> reports.with(report, clockMillis.getAsLong()));
    topic.tell(Topic.publish(report));
    return Behaviors.same();
  }

  private Behavior<Command> onReceived(Received received) {
    board.updateAndGet(reports -> reports.with(received.report(), clockMillis.getAsLong()));
    return Behaviors.same();
  }

  private Behavior<Command> onMemberRemoved(MemberRemoved removed) {
    board.updateAndGet(reports -> reports.without(removed.node()));
    return Behaviors.same();
  }

  private NodeLoad sample() {
    Resources resources = sampler.sample();
    double processCpu = sources.processCpuFault().orElse(resources.processCpu());
    return new NodeLoad(self, System.currentTimeMillis(), processCpu, resources.systemCpu(),
        resources.heapUsed(), resources.heapMax(), resources.gcMillis(), resources.gcCount(),
        sources.edge(), sources.pools());
  }
}
