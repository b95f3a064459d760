package io.atrium.node;

import java.time.Duration;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT run coordinated shutdown (readiness off, unbind, drain, leave the cluster) and
 * the process exits 0 when it completes. The JVM's default would run the same shutdown from a hook
 * but then exit 143, which orchestrators report as a failure.
 *
 * <p>A watchdog halts the process if the sequence overruns {@code atrium.node.shutdown-deadline}, so
 * a stuck phase can never keep a node alive past what the operator configured.
 */
final class ShutdownSignals {

  static final int EXIT_DEADLINE_EXCEEDED = 3;
  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

  private ShutdownSignals() {}

  static void install(ActorSystem<?> system, Duration deadline) {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> {
        LOG.info("SIG{} received: leaving the cluster and stopping within {}", name, deadline);
        startWatchdog(deadline);
        CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.jvmExitReason());
      });
    }
  }

  private static void startWatchdog(Duration deadline) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(deadline.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      LOG.error("Shutdown did not finish within {}; halting", deadline);
      Runtime.getRuntime().halt(EXIT_DEADLINE_EXCEEDED);
    }, "atrium-shutdown-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
