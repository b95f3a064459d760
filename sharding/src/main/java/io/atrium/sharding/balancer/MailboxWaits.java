package io.atrium.sharding.balancer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * The {@link MailboxWaitRecorder} of each worker pool in one actor system, by pool name: the
 * {@link WaitMeasuringMailbox}es write into it, the load sampler reads it.
 */
public final class MailboxWaits implements Extension {

  private static final Id ID = new Id();

  private final Map<String, MailboxWaitRecorder> pools = new ConcurrentHashMap<>();

  public static MailboxWaits get(ActorSystem system) {
    return ID.get(system);
  }

  public static MailboxWaits get(org.apache.pekko.actor.typed.ActorSystem<?> system) {
    return get(Adapter.toClassic(system));
  }

  /** The pool's recorder, created on first use. */
  public MailboxWaitRecorder pool(String name) {
    return pools.computeIfAbsent(name, ignored -> new MailboxWaitRecorder());
  }

  /** Every pool seen so far. */
  public Map<String, MailboxWaitRecorder> pools() {
    return Map.copyOf(pools);
  }

  private static final class Id extends AbstractExtensionId<MailboxWaits> implements ExtensionIdProvider {
    @Override
    public MailboxWaits createExtension(ExtendedActorSystem system) {
      return new MailboxWaits();
    }

    @Override
    public Id lookup() {
      return ID;
    }
  }
}
