package io.atrium.sharding.load;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * This node's handle on cluster-wide load reporting: components register the figures they own in
 * {@link #sources()}, and anyone reads the cluster view with {@link #clusterLoad()} — a lock-free
 * read, cheap enough for the request path.
 *
 * <p>Reports spread through Pekko's typed pub-sub {@code Topic} rather than Distributed Data: a
 * report is a small, latest-wins value that every member wants once a second, and pub-sub delivers
 * each one directly to each member (N² tiny messages per interval) without CRDT merge state,
 * per-key gossip rounds or tombstones for removed members that a replicated map would carry.
 */
public final class LoadReporting implements ClusterLoadView {

  private final Duration staleAfter;
  private final LoadSources sources;
  private final AtomicReference<ReceivedReports> board;
  private final LongSupplier clockMillis;
  private final String self;

  private LoadReporting(Duration staleAfter, LoadSources sources, AtomicReference<ReceivedReports> board,
      LongSupplier clockMillis, String self) {
    this.staleAfter = staleAfter;
    this.sources = sources;
    this.board = board;
    this.clockMillis = clockMillis;
    this.self = self;
  }

  /** Starts this node's reporter; the system must run the cluster actor provider. */
  public static LoadReporting start(ActorSystem<?> system, LoadSettings settings) {
    return start(system, settings, () -> System.nanoTime() / 1_000_000);
  }

  /** @param clockMillis a monotonic millisecond clock for report ages (tests move it by hand) */
  public static LoadReporting start(ActorSystem<?> system, LoadSettings settings, LongSupplier clockMillis) {
    return start(system, settings, clockMillis, new LoadSources());
  }

  /**
   * With sources registered before the first report (sampled right at start): a test that sees only one
   * report needs them in it.
   */
  static LoadReporting start(ActorSystem<?> system, LoadSettings settings, LongSupplier clockMillis,
      LoadSources sources) {
    AtomicReference<ReceivedReports> board = new AtomicReference<>(ReceivedReports.NONE);
    // A failing supplier must not end reporting for good: skip that tick, keep the reports, go on.
    system.systemActorOf(Behaviors.supervise(LoadReporter.create(settings, sources, board, clockMillis))
        .onFailure(SupervisorStrategy.resume()), "load-reporter", Props.empty());
    return new LoadReporting(settings.staleAfter(), sources, board, clockMillis,
        Cluster.get(system).selfMember().address().toString());
  }

  public LoadSources sources() {
    return sources;
  }

  @Override
  public long version() {
    return board.get().version();
  }

  @Override
  public ClusterLoad clusterLoad() {
    return board.get().at(self, clockMillis.getAsLong(), staleAfter);
  }
}
