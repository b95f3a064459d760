package io.atrium.sharding.balancer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.atrium.sharding.balancer.MailboxWaitRecorder.MailboxWaitSample;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WaitMeasuringMailboxTest {

  private static final Duration WORK = Duration.ofMillis(20);
  private static final int BURST = 10;

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create(ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        busy-pool-mailbox = ${atrium.balancer.measured-mailbox} { pool = busy }
        idle-pool-mailbox = ${atrium.balancer.measured-mailbox} { pool = idle }
        """).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Works {@code WORK} on each message (blocking its thread, as a CPU-bound worker would), then acks. */
  private static Behavior<ActorRef<Integer>> worker(Duration work) {
    return Behaviors.receiveMessage(replyTo -> {
      LockSupport.parkNanos(work.toNanos());
      replyTo.tell(1);
      return Behaviors.same();
    });
  }

  @Test
  void aBusyActorShowsAGrowingWait() {
    MailboxWaitRecorder recorder = MailboxWaits.get(testKit.system()).pool("busy");
    ActorRef<ActorRef<Integer>> worker = testKit.spawn(worker(WORK), "busy", MailboxSelector.fromConfig("busy-pool-mailbox"));
    TestProbe<Integer> acks = testKit.createTestProbe();
    for (int i = 0; i < BURST; i++) {
      worker.tell(acks.ref());
    }
    acks.receiveSeveralMessages(BURST / 2);
    MailboxWaitSample first = recorder.sample();
    acks.receiveSeveralMessages(BURST / 2);
    MailboxWaitSample second = recorder.sample();

    // The first half waited 0 … 4 work periods (plus at most one taken early), the second 5 … 9.
    assertTrue(first.count() >= BURST / 2 && first.count() + second.count() == BURST, first + " " + second);
    assertTrue(second.meanMillis() > first.meanMillis() + 2 * WORK.toMillis(), first + " " + second);
    assertTrue(second.maxMillis() >= (BURST - 1) * WORK.toMillis() * 0.9, second.toString());
    assertEquals(0, second.queued());
    assertEquals(1, second.mailboxes());
    assertEquals(0, second.queuePerWorker());
  }

  @Test
  void anIdleActorShowsNoWaitAndQueuesAreCounted() {
    MailboxWaitRecorder recorder = MailboxWaits.get(testKit.system()).pool("idle");
    ActorRef<ActorRef<Integer>> worker = testKit.spawn(worker(Duration.ZERO), "idle", MailboxSelector.fromConfig("idle-pool-mailbox"));
    TestProbe<Integer> acks = testKit.createTestProbe();
    for (int i = 0; i < BURST; i++) {
      worker.tell(acks.ref());
      acks.receiveMessage();
    }
    MailboxWaitSample sample = recorder.sample();
    assertEquals(BURST, sample.count());
    // The mean, not the max: one scheduling hiccup on a busy machine can hold a single message longer.
    assertTrue(sample.meanMillis() < WORK.toMillis(), sample.toString());
    assertEquals(0, recorder.sample().count(), "a sample covers the interval since the previous one");
    assertTrue(MailboxWaits.get(testKit.system()).pools().containsKey("idle"));
  }
}
