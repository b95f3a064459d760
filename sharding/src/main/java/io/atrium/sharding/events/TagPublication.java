package io.atrium.sharding.events;

import io.atrium.persistence.cassandra.ProjectionOffsets;
import io.atrium.persistence.cassandra.PublishedSequenceNrs;
import io.atrium.sharding.events.KeyContinuity.Outgoing;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.kafka.ProducerMessage;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.javadsl.Producer;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the events of one family of journal tags to one Kafka topic: one stream per tag (slice),
 * spread over the cluster by {@link ShardedDaemonProcess}, each resuming from its offset in
 * {@code projection_offsets} under this publication's name.
 *
 * <p>At least once, in order per key: a slice reads its tag in journal order (per persistence id in
 * sequence order), fills in what the tag query missed of a key from the key's journal
 * ({@link KeyContinuity}), sends in that order through its own idempotent producer (which keeps the
 * order of a partition through retries; on a failed send the stage closes the producer at once, so
 * nothing after the failure is written before the restart sends it again), and saves how far each key
 * is published ({@link PublishedSequenceNrs}) and then the offset only once every send before them was
 * acknowledged. A restart, a moved slice or a crashed node reads again what came after the last saved
 * offset and sends what its keys' saved numbers do not cover: consumers see duplicates, never gaps or
 * reordering.
 */
final class TagPublication {

  private static final Logger LOG = LoggerFactory.getLogger(TagPublication.class);
  private static final double RESTART_JITTER = 0.2;

  private final String name;
  private final String topic;
  private final IntFunction<String> tagOfSlice;
  private final Function<EventEnvelope, Optional<EventContract.Message>> toMessage;
  private final ProducerSettings<String, byte[]> producer;
  private final Supplier<CompletionStage<Done>> topicsReady;
  private final ProjectionOffsets offsets;
  private final PublishedSequenceNrs publishedSequenceNrs;
  private final CassandraReadJournal journal;
  private final EventSettings settings;
  private final Executor executor;

  /**
   * @param name the daemon process's name and the projection name of the stored offsets
   * @param toMessage the message of a journal event; empty: nothing to publish (the offset still advances)
   * @param topicsReady completes once the topics exist; asked again at every (re)start of a slice
   */
  TagPublication(ActorSystem<?> system, String name, String topic, IntFunction<String> tagOfSlice,
      Function<EventEnvelope, Optional<EventContract.Message>> toMessage, ProducerSettings<String, byte[]> producer,
      Supplier<CompletionStage<Done>> topicsReady, ProjectionOffsets offsets,
      PublishedSequenceNrs publishedSequenceNrs, EventSettings settings) {
    this.name = name;
    this.topic = topic;
    this.tagOfSlice = tagOfSlice;
    this.toMessage = toMessage;
    this.producer = producer;
    this.topicsReady = topicsReady;
    this.offsets = offsets;
    this.publishedSequenceNrs = publishedSequenceNrs;
    this.journal = PersistenceQuery.get(system)
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    this.settings = settings;
    this.executor = system.executionContext();
  }

  /** Runs {@code slices} slices somewhere in the cluster. */
  void start(ActorSystem<?> system, int slices) {
    ShardedDaemonProcess.get(system).init(Void.class, name, slices, slice -> slice(tagOfSlice.apply(slice)));
  }

  private Behavior<Void> slice(String tag) {
    return Behaviors.setup(context -> {
      // The stream is bound to this actor's materializer: when the slice moves, the stream stops.
      Materializer materializer = Materializer.createMaterializer(context);
      RestartSettings restart = RestartSettings.create(settings.restartMin(), settings.restartMax(), RESTART_JITTER);
      RestartSource.withBackoff(restart, () -> publish(tag)).runWith(Sink.ignore(), materializer);
      return Behaviors.empty();
    });
  }

  private Source<Done, NotUsed> publish(String tag) {
    return Source.completionStage(topicsReady.get().thenComposeAsync(ready -> offsets.read(name, tag), executor))
        .flatMapConcat(offset -> {
          LOG.info("Publishing journal tag {} to Kafka topic {} from offset {}", tag, topic, offset);
          KeyContinuity continuity = new KeyContinuity(
              key -> publishedSequenceNrs.read(name, tag, key),
              (key, from, to) -> journal.currentEventsByPersistenceId(key, from, to),
              settings.rememberedKeys());
          return journal.eventsByTag(tag, offset).via(continuity.flow());
        })
        .via(sendInOrder(topic, toMessage, producer))
        .groupedWithin(settings.offsetBatch(), settings.offsetInterval())
        .mapAsync(1, published -> saveProgress(tag, published));
  }

  /** How far each key is published, then the offset: a restart resumes no later than where keys stand. */
  private CompletionStage<Done> saveProgress(String tag, List<Outgoing> published) {
    Progress progress = Progress.of(published);
    return publishedSequenceNrs.save(name, tag, progress.highest())
        .thenComposeAsync(saved -> progress.offset().isEmpty() ? CompletableFuture.completedFuture(saved)
            : offsets.save(name, tag, progress.offset().get()), executor);
  }

  /**
   * What a batch of published events moves forward: each key's highest sequence number sent in it
   * (events published before are not counted again) and the last tag offset (none in a batch of
   * events filled in from a key's journal only).
   */
  record Progress(Map<String, Long> highest, Optional<Offset> offset) {

    static Progress of(List<Outgoing> published) {
      Map<String, Long> highest = new HashMap<>();
      Optional<Offset> offset = Optional.empty();
      for (Outgoing outgoing : published) {
        if (!outgoing.published()) {
          highest.merge(outgoing.event().persistenceId(), outgoing.event().sequenceNr(), Math::max);
        }
        if (outgoing.commit().isPresent()) {
          offset = outgoing.commit();
        }
      }
      return new Progress(highest, offset);
    }
  }

  /**
   * Sends each event's message in journal order and emits the event once its send, and every send
   * before it, is acknowledged by Kafka; events without a message, or published before, pass through
   * in their place. With the producer's own settings (not a shared producer) each materialization
   * creates a fresh producer.
   */
  static Flow<Outgoing, Outgoing, NotUsed> sendInOrder(String topic,
      Function<EventEnvelope, Optional<EventContract.Message>> toMessage, ProducerSettings<String, byte[]> producer) {
    return Flow.<Outgoing>create()
        .map(outgoing -> envelope(topic, toMessage, outgoing))
        .via(Producer.flexiFlow(producer))
        // Results come out in the order of the sends (mapAsync), each once Kafka acknowledged it.
        .map(ProducerMessage.Results::passThrough);
  }

  private static ProducerMessage.Envelope<String, byte[], Outgoing> envelope(String topic,
      Function<EventEnvelope, Optional<EventContract.Message>> toMessage, Outgoing outgoing) {
    Optional<EventContract.Message> message =
        outgoing.published() ? Optional.empty() : toMessage.apply(outgoing.event());
    if (message.isEmpty()) {
      return ProducerMessage.passThrough(outgoing);
    }
    EventContract.Message m = message.get();
    return ProducerMessage.single(new ProducerRecord<>(topic, null, m.timestampMillis(), m.key(), m.value()),
        outgoing);
  }
}
