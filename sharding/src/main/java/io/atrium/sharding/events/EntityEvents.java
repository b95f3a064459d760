package io.atrium.sharding.events;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.atrium.persistence.cassandra.CassandraSettings;
import io.atrium.persistence.cassandra.ProjectionOffsets;
import io.atrium.persistence.cassandra.PublishedSequenceNrs;
import io.atrium.persistence.kafka.KafkaSettings;
import io.atrium.persistence.kafka.KafkaTopics;
import io.atrium.sharding.records.RecordEntity;
import io.atrium.sharding.records.RecordEvent;
import io.atrium.sharding.records.RecordSettings;
import io.atrium.sharding.streams.StreamEntity;
import io.atrium.sharding.streams.StreamEvent;
import io.atrium.sharding.streams.StreamSettings;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.TimeBasedUUID;

/**
 * Publishes record and stream changes to Kafka ({@code atrium.events}): two publications
 * ({@code record-events}, {@code stream-events}) over the journal tags of the two services, mapped
 * to the external contract of {@link EventContract}.
 */
public final class EntityEvents {

  static final String RECORD_EVENTS = "record-events";
  static final String STREAM_EVENTS = "stream-events";

  private final KafkaTopics topics;
  private final List<NewTopic> wanted;
  private volatile CompletableFuture<Done> created;

  private EntityEvents(KafkaTopics topics, List<NewTopic> wanted) {
    this.topics = topics;
    this.wanted = wanted;
  }

  /** Starts both publications' slices somewhere in the cluster (nothing when disabled). */
  public static void init(ActorSystem<?> system, EventSettings settings, KafkaSettings kafka,
      CassandraSettings cassandra, RecordSettings records, StreamSettings streams) {
    if (!settings.enabled()) {
      return;
    }
    KafkaTopics topics = new KafkaTopics(kafka, "atrium-events-topics", settings.createTimeout());
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
        "close-event-topics-admin", () -> {
          topics.close();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    EntityEvents events = new EntityEvents(topics,
        List.of(topic(settings.recordsTopic(), settings), topic(settings.streamsTopic(), settings)));
    EventContract contract = new EventContract(settings.maxMessageBytes());
    ProducerSettings<String, byte[]> producer = producerSettings(system, settings, kafka);
    ProjectionOffsets offsets = new ProjectionOffsets(system, cassandra);
    PublishedSequenceNrs published = new PublishedSequenceNrs(system, cassandra);

    new TagPublication(system, RECORD_EVENTS, settings.recordsTopic(), RecordEntity::tag,
        envelope -> recordMessage(contract, envelope), producer, events::topicsReady, offsets, published,
        settings)
        .start(system, records.listing().slices());
    new TagPublication(system, STREAM_EVENTS, settings.streamsTopic(), StreamEntity::tag,
        envelope -> streamMessage(contract, envelope), producer, events::topicsReady, offsets, published,
        settings)
        .start(system, streams.slices());
  }

  static Optional<EventContract.Message> recordMessage(EventContract contract, EventEnvelope envelope) {
    if (envelope.event() instanceof RecordEvent event) {
      return Optional.of(contract.record(RecordEntity.Address.fromPersistenceId(envelope.persistenceId()), event));
    }
    return Optional.empty();
  }

  static Optional<EventContract.Message> streamMessage(EventContract contract, EventEnvelope envelope) {
    if (envelope.event() instanceof StreamEvent.Appended appended) {
      // A stream's journal sequence number is its batch number (one event per batch), and the
      // offset's time-based UUID is when the batch was written.
      Instant at = Instant.ofEpochMilli(Uuids.unixTimestamp(((TimeBasedUUID) envelope.offset()).value()));
      return Optional.of(contract.stream(StreamEntity.Address.fromPersistenceId(envelope.persistenceId()),
          envelope.sequenceNr(), at, appended.batch()));
    }
    return Optional.empty();
  }

  /** The topics exist: created once per node, asked again only after a failed attempt. */
  private CompletionStage<Done> topicsReady() {
    CompletableFuture<Done> current = created;
    if (current == null || current.isCompletedExceptionally()) {
      current = topics.ensure(wanted).toCompletableFuture();
      created = current;
    }
    return current;
  }

  private static NewTopic topic(String name, EventSettings settings) {
    return new NewTopic(name, Optional.of(settings.partitions()), Optional.of(settings.replicationFactor()))
        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.maxMessageBytes())));
  }

  static ProducerSettings<String, byte[]> producerSettings(ActorSystem<?> system, EventSettings settings,
      KafkaSettings kafka) {
    Map<String, String> properties = new HashMap<>(settings.producer());
    properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(settings.maxMessageBytes()));
    return ProducerSettings.create(system, new StringSerializer(), new ByteArraySerializer())
        .withBootstrapServers(kafka.bootstrapServersProperty())
        .withProperties(properties)
        .withParallelism(settings.parallelism())
        .withCloseTimeout(settings.closeTimeout());
  }
}
