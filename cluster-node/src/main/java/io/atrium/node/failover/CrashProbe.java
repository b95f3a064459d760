package io.atrium.node.failover;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.remote.RemoteActorRefProvider;
import scala.Option;

/**
 * Downs a member whose process is gone, without waiting for the failure detector and the split-brain
 * resolver.
 *
 * <p>Every {@code interval} it opens (and at once closes) a TCP connection to each other member's
 * cluster port. A live process accepts, even during a long GC pause (the kernel completes the
 * handshake). A crashed one cannot: its host answers "connection refused". A network partition
 * answers nothing, so a probe that times out proves nothing and is left to the split-brain resolver.
 * Only a run of refusals downs a member, and only while it is still listed with the same unique
 * address: a restarted node on the same port accepts again and replaces its old incarnation through
 * Pekko's join.
 *
 * <p>Caveat, documented in the README: a firewall that actively rejects (TCP RST) on the cluster port
 * would look like a crash; Atrium's partition tests drop packets instead, as real partitions do.
 */
public final class CrashProbe extends AbstractBehavior<CrashProbe.Message> {

  public sealed interface Message {}

  private record Tick() implements Message {}

  private record Probed(UniqueAddress member, Outcome outcome) implements Message {}

  enum Outcome { ACCEPTED, REFUSED, INCONCLUSIVE }

  private final CrashProbeSettings settings;
  private final Cluster cluster;
  /** Consecutive refusals per member; a member missing here has none. */
  private final Map<UniqueAddress, Integer> refusals = new HashMap<>();

  public static Behavior<Message> create(CrashProbeSettings settings) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new CrashProbe(context, timers, settings)));
  }

  private CrashProbe(ActorContext<Message> context, TimerScheduler<Message> timers, CrashProbeSettings settings) {
    super(context);
    this.settings = settings;
    this.cluster = Cluster.get(context.getSystem());
    timers.startTimerWithFixedDelay(new Tick(), settings.interval());
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(Tick.class, tick -> probeAll())
        .onMessage(Probed.class, this::onProbed)
        .build();
  }

  private Behavior<Message> probeAll() {
    Set<UniqueAddress> probed = StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
        .filter(this::worthProbing)
        .map(Member::uniqueAddress)
        .collect(Collectors.toSet());
    refusals.keySet().retainAll(probed);
    probed.forEach(this::probe);
    return this;
  }

  /** Members that are someone else, and not already on their way out. */
  private boolean worthProbing(Member member) {
    MemberStatus status = member.status();
    return !member.uniqueAddress().equals(cluster.selfMember().uniqueAddress())
        && (status == MemberStatus.up() || status == MemberStatus.weaklyUp() || status == MemberStatus.joining());
  }

  private Behavior<Message> onProbed(Probed probed) {
    if (probed.outcome() != Outcome.REFUSED) {
      refusals.remove(probed.member());
      return this;
    }
    int count = refusals.merge(probed.member(), 1, Integer::sum);
    if (count == settings.refusals() && stillListed(probed.member())) {
      getContext().getLog().warn("Member {} refused {} connections in a row: its process is gone; downing it",
          probed.member().address(), count);
      cluster.manager().tell(new Down(probed.member().address()));
      quarantine(probed.member());
    }
    return this;
  }

  /**
   * Quarantines the dead incarnation. Pekko's leader removes a downed member only once it is also
   * unreachable or terminated; quarantine marks it terminated at once instead of after the failure
   * detector's pause (seconds). Safe because the member is already downed: no message to that
   * incarnation could matter any more. Uses Pekko's remoting provider, an internal API that is public
   * in bytecode; if a Pekko upgrade moves it, failover falls back to the failure detector's timing.
   */
  private void quarantine(UniqueAddress member) {
    if (Adapter.toClassic(getContext().getSystem()) instanceof ExtendedActorSystem classic
        && classic.provider() instanceof RemoteActorRefProvider remote) {
      remote.quarantine(member.address(), Option.apply(member.longUid()), "process gone (crash probe)");
    }
  }

  private boolean stillListed(UniqueAddress member) {
    return StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
        .anyMatch(m -> m.uniqueAddress().equals(member) && worthProbing(m));
  }

  private void probe(UniqueAddress member) {
    Address address = member.address();
    if (address.host().isEmpty() || address.port().isEmpty()) {
      return;
    }
    ActorRef<Message> self = getContext().getSelf();
    try {
      AsynchronousSocketChannel channel = AsynchronousSocketChannel.open();
      // Closing the channel on timeout fails the pending connect: one answer either way.
      getContext().getSystem().scheduler().scheduleOnce(settings.connectTimeout(), () -> closeQuietly(channel),
          getContext().getExecutionContext());
      channel.connect(new InetSocketAddress(address.host().get(), (Integer) address.port().get()), null,
          new CompletionHandler<Void, Void>() {
            @Override
            public void completed(Void result, Void attachment) {
              closeQuietly(channel);
              self.tell(new Probed(member, Outcome.ACCEPTED));
            }

            @Override
            public void failed(Throwable error, Void attachment) {
              closeQuietly(channel);
              self.tell(new Probed(member, refused(error) ? Outcome.REFUSED : Outcome.INCONCLUSIVE));
            }
          });
    } catch (IOException | RuntimeException error) {
      self.tell(new Probed(member, Outcome.INCONCLUSIVE));
    }
  }

  /** Only an explicit refusal counts; timeouts, unreachable networks and our own close do not. */
  static boolean refused(Throwable error) {
    return error instanceof ConnectException && error.getMessage() != null
        && error.getMessage().toLowerCase(Locale.ROOT).contains("refused");
  }

  private static void closeQuietly(AsynchronousSocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Already closed or never connected: nothing to release.
    }
  }
}
