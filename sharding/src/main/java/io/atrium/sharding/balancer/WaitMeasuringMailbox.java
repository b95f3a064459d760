package io.atrium.sharding.balancer;

import com.typesafe.config.Config;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.dispatch.Envelope;
import org.apache.pekko.dispatch.MailboxType;
import org.apache.pekko.dispatch.MessageQueue;
import org.apache.pekko.dispatch.ProducesMessageQueue;
import org.apache.pekko.dispatch.UnboundedMessageQueueSemantics;
import scala.Option;

/**
 * An unbounded mailbox that stamps each message with the time it was enqueued and, when the actor
 * takes it, records how long it waited into its pool's {@link MailboxWaitRecorder} (config key
 * {@code pool}). Measured on the routee's own node, so no clock crosses the network. Select it with
 * {@code MailboxSelector.fromConfig("atrium.balancer.measured-mailbox")} or a block of your own.
 */
public final class WaitMeasuringMailbox implements MailboxType, ProducesMessageQueue<WaitMeasuringMailbox.StampedQueue> {

  private final String pool;

  /** Called reflectively by Pekko with the mailbox's config block. */
  public WaitMeasuringMailbox(ActorSystem.Settings settings, Config config) {
    this.pool = config.getString("pool");
  }

  @Override
  public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
    // Without a system (Pekko never does this for an actor's mailbox) the waits go nowhere visible.
    MailboxWaitRecorder recorder = system.isDefined()
        ? MailboxWaits.get(system.get()).pool(pool)
        : new MailboxWaitRecorder();
    return new StampedQueue(recorder);
  }

  /** The queue of one actor; safe for many producers and the one consumer Pekko guarantees. */
  static final class StampedQueue implements MessageQueue, UnboundedMessageQueueSemantics {

    private final Queue<Stamped> queue = new ConcurrentLinkedQueue<>();
    private final MailboxWaitRecorder recorder;

    private record Stamped(Envelope envelope, long enqueuedNanos) {}

    StampedQueue(MailboxWaitRecorder recorder) {
      this.recorder = recorder;
      recorder.mailboxOpened();
    }

    @Override
    public void enqueue(ActorRef receiver, Envelope handle) {
      queue.add(new Stamped(handle, System.nanoTime()));
      recorder.enqueued();
    }

    @Override
    public Envelope dequeue() {
      Stamped stamped = queue.poll();
      if (stamped == null) {
        return null;
      }
      recorder.dequeued(System.nanoTime() - stamped.enqueuedNanos());
      return stamped.envelope();
    }

    @Override
    public int numberOfMessages() {
      return queue.size();
    }

    @Override
    public boolean hasMessages() {
      return !queue.isEmpty();
    }

    @Override
    public void cleanUp(ActorRef owner, MessageQueue deadLetters) {
      for (Stamped stamped = queue.poll(); stamped != null; stamped = queue.poll()) {
        recorder.discarded();
        deadLetters.enqueue(owner, stamped.envelope());
      }
      recorder.mailboxClosed();
    }
  }
}
