package io.atrium.sharding;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * Cluster nodes in this JVM, on loopback with ephemeral ports, exchanging messages through the real
 * serializer (jackson-cbor; Java serialization off), so everything sent between them is checked too.
 */
public final class TestClusterNodes {

  private static final Duration UP_TIMEOUT = Duration.ofSeconds(20);

  private TestClusterNodes() {}

  /** {@code extra} (HOCON) over the cluster settings over the defaults. */
  public static Config config(String extra) {
    return ConfigFactory.parseString(extra).withFallback(ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.jmx.enabled = off
        pekko.cluster.leader-actions-interval = 100ms
        pekko.cluster.gossip-interval = 100ms
        pekko.actor.allow-java-serialization = off
        pekko.actor.serialization-bindings {
          "io.atrium.persistence.serialization.CborSerializable" = jackson-cbor
        }
        """)).withFallback(ConfigFactory.load());
  }

  /**
   * A node that joined {@code seed}'s cluster (its own when {@code seed} is null) and is Up. Members
   * of one cluster share the actor system's {@code name}.
   */
  public static ActorTestKit joined(String name, String extraConfig, ActorTestKit seed) {
    ActorTestKit kit = ActorTestKit.create(name, config(extraConfig));
    Cluster cluster = Cluster.get(kit.system());
    ActorTestKit joinTo = seed == null ? kit : seed;
    cluster.manager().tell(Join.create(Cluster.get(joinTo.system()).selfMember().address()));
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(UP_TIMEOUT, () -> {
      if (cluster.selfMember().status() != MemberStatus.up()) {
        throw new AssertionError(name + " is " + cluster.selfMember().status() + ", not Up");
      }
      return null;
    });
    return kit;
  }

  public static String address(ActorTestKit kit) {
    return Cluster.get(kit.system()).selfMember().address().toString();
  }
}
