package io.atrium.sharding.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.sharding.events.KeyContinuity.Outgoing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The heart of at-least-once in order: an event's offset comes out only once its send and every
 * send before it were acknowledged, so a stored offset never skips an unacknowledged message.
 */
class SendInOrderTest {

  private static final ActorTestKit TEST_KIT = ActorTestKit.create();
  private static final String TOPIC = "events-test";
  private static final Duration PATIENCE = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(10);

  private final MockProducer<String, byte[]> kafka =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  private final List<Offset> emitted = new CopyOnWriteArrayList<>();

  @AfterAll
  static void shutdown() {
    TEST_KIT.shutdownTestKit();
  }

  @Test
  void anOffsetWaitsForEverySendBeforeIt() {
    run(List.of(event(1, "a"), event(2, null), event(3, "b")));

    await("both sends", () -> kafka.history().size() == 2);
    assertEquals(List.of(), emitted, "nothing acknowledged yet");

    kafka.completeNext();
    // The event without a message (2) follows the acknowledged send before it, not the pending one after it.
    await("offsets 1 and 2", () -> emitted.size() == 2);
    assertEquals(List.of(Offset.sequence(1), Offset.sequence(2)), emitted);

    kafka.completeNext();
    await("offset 3", () -> emitted.size() == 3);
    assertEquals(List.of(Offset.sequence(1), Offset.sequence(2), Offset.sequence(3)), emitted);
    assertEquals(List.of("a", "b"), kafka.history().stream().map(ProducerRecord::key).toList());
    assertEquals(List.of(TOPIC, TOPIC), kafka.history().stream().map(ProducerRecord::topic).toList());
  }

  @Test
  void aFailedSendFailsTheStreamAndNoLaterOffsetComesOut() throws Exception {
    CompletionStage<Done> done = run(List.of(event(1, "a"), event(2, "b"), event(3, "c")));

    await("three sends", () -> kafka.history().size() == 3);
    kafka.completeNext();
    kafka.errorNext(new RuntimeException("broker gone"));
    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> done.toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals("broker gone", failure.getCause().getMessage());
    assertEquals(List.of(Offset.sequence(1)), emitted);
  }

  @Test
  void anEventPublishedBeforeIsNotSentAgainButKeepsItsPlace() {
    send(List.of(fresh(event(1, "a")), new Outgoing(event(2, "b"), Optional.of(Offset.sequence(2)), true),
        fresh(event(3, "c"))));

    await("two sends", () -> kafka.history().size() == 2);
    kafka.completeNext();
    await("offsets 1 and 2", () -> emitted.size() == 2);
    kafka.completeNext();
    await("offset 3", () -> emitted.size() == 3);
    assertEquals(List.of(Offset.sequence(1), Offset.sequence(2), Offset.sequence(3)), emitted);
    assertEquals(List.of("a", "c"), kafka.history().stream().map(ProducerRecord::key).toList());
  }

  private CompletionStage<Done> run(List<EventEnvelope> events) {
    return send(events.stream().map(SendInOrderTest::fresh).toList());
  }

  private CompletionStage<Done> send(List<Outgoing> outgoing) {
    ProducerSettings<String, byte[]> settings =
        ProducerSettings.create(TEST_KIT.system(), new StringSerializer(), new ByteArraySerializer())
            .withProducer(kafka);
    return Source.from(outgoing)
        .via(TagPublication.sendInOrder(TOPIC, SendInOrderTest::message, settings))
        .runWith(Sink.foreach(sent -> emitted.add(sent.commit().orElseThrow())), TEST_KIT.system());
  }

  private static Outgoing fresh(EventEnvelope event) {
    return new Outgoing(event, Optional.of(event.offset()), false);
  }

  /** An event whose payload is the message key, or null for an event that publishes nothing. */
  private static EventEnvelope event(long sequence, String key) {
    return new EventEnvelope(Offset.sequence(sequence), "p", sequence, key == null ? "skip" : key, 0);
  }

  private static Optional<EventContract.Message> message(EventEnvelope event) {
    String key = (String) event.event();
    return key.equals("skip")
        ? Optional.empty()
        : Optional.of(new EventContract.Message(key, key.getBytes(StandardCharsets.UTF_8), 0));
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
