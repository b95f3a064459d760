package io.atrium.edge;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/** A one-node cluster on an ephemeral port for route tests that read cluster state. */
public final class TestClusterNode {

  private TestClusterNode() {}

  public static Config config(String extra) {
    return ConfigFactory.parseString(extra)
        .withFallback(ConfigFactory.parseString("""
            pekko.loglevel = WARNING
            pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
            pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
            pekko.actor.provider = cluster
            pekko.remote.artery.canonical.hostname = 127.0.0.1
            pekko.remote.artery.canonical.port = 0
            pekko.cluster.jmx.enabled = off
            pekko.cluster.roles = [edge, api]
            # A single node reaches Up on the first leader tick; keep that tick short.
            pekko.cluster.leader-actions-interval = 100ms
            pekko.cluster.gossip-interval = 100ms
            pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes = off
            """))
        .withFallback(ConfigFactory.load());
  }

  public static ActorTestKit create(String name, String extraConfig) {
    return ActorTestKit.create(name, config(extraConfig));
  }

  /** Joins the node to itself and waits (polling, bounded) until it is Up. */
  public static void joinSelfAndAwaitUp(ActorTestKit testKit) {
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    TestHttp.awaitUntil("self member Up", Duration.ofSeconds(10),
        () -> cluster.selfMember().status() == MemberStatus.up());
  }
}
