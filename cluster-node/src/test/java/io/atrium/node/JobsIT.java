package io.atrium.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.atrium.node.harness.Await;
import io.atrium.node.harness.JobsClient;
import io.atrium.node.harness.LocalCluster;
import io.atrium.node.harness.LocalServices;
import io.atrium.node.harness.NodeProcess;
import io.atrium.node.harness.NodeProcess.Reply;
import io.atrium.sharding.jobs.JobSettings;
import io.atrium.sharding.jobs.JobTypes;
import io.atrium.sharding.jobs.rows.ChunkRows;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs across three real node processes, real Kafka and Cassandra: an aggregate over hundreds of
 * chunks survives {@code kill -9} of a node with the exact single-threaded result; a poison chunk is
 * dead-lettered and fails only its own job; a cancelled job processes no further chunk.
 */
class JobsIT {

  private static final String POISON = "POISON-ROW";
  /** Small chunks, so that a dataset of a couple of MB is hundreds of tasks. */
  private static final int CHUNK_BYTES = 8192;
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AGGREGATE = "{\"groupBy\":[\"region\",\"kind\"],\"field\":\"amount\",\"distinct\":\"user\"}";

  @RegisterExtension final LocalCluster cluster = new LocalCluster(Map.of(
      "atrium.jobs.chunk-bytes", Integer.toString(CHUNK_BYTES),
      "atrium.jobs.worker.pool-size", "1",
      "atrium.jobs.worker.tasks-per-thread", "1",
      "atrium.jobs.retry.min-backoff", "100ms",
      "atrium.jobs.retry.max-backoff", "200ms",
      "atrium.jobs.fault-injection.poison-marker", POISON,
      // A topic of this run's own: tasks left in the shared Kafka by earlier runs stay out of it.
      "atrium.jobs.kafka.tasks-topic", "atrium.jobs.tasks.it-" + System.nanoTime()));

  @Test
  void anAggregateOverHundredsOfChunksSurvivesKillDashNineOfANodeWithTheExactResult() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(3);
    NodeProcess entry = nodes.get(0);
    JobsClient jobs = new JobsClient(entry);
    String body = JobsClient.dataset(30_000, 42, null);
    String dataset = jobs.upload(body);
    int chunks = entry.get("/v1/datasets/" + dataset).body().get("chunks").asInt();
    assertTrue(chunks >= 200, "chunks: " + chunks);

    String job = jobs.submit("aggregate", dataset, AGGREGATE);
    Await.until("the job to be under way", JOB_TIMEOUT, () -> jobs.status(job).get("chunksDone").asInt() >= 20);
    JsonNode before = jobs.status(job);
    assertEquals("running", before.get("status").asText(), "killed mid-job: " + before);
    nodes.get(2).kill();
    System.out.printf("MEASURED killed %s at %d of %d chunks%n", nodes.get(2), before.get("chunksDone").asInt(), chunks);

    JsonNode done = jobs.awaitEnd(job, JOB_TIMEOUT);
    assertEquals("succeeded", done.get("status").asText(), done.toString());
    assertEquals(chunks, done.get("chunksDone").asInt());
    assertEquals(30_000, done.get("rows").asLong(), "no chunk counted twice");
    Reply result = entry.get("/v1/jobs/" + job + "/result");
    assertEquals(200, result.status(), result.body().toString());
    assertEquals(expected("aggregate", AGGREGATE, body), result.body());
    System.out.printf("MEASURED aggregate of %d chunks with a node killed: %d ms, %.0f rows/s%n", chunks,
        done.get("durationMs").asLong(), done.get("rowsPerSecond").asDouble());
  }

  @Test
  void aPoisonChunkIsDeadLetteredAndFailsOnlyItsJobAndACancelledJobStops() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(3);
    NodeProcess entry = nodes.get(1);
    JobsClient jobs = new JobsClient(entry);
    String poisoned = jobs.upload(JobsClient.dataset(3_000, 7, POISON));
    String healthy = jobs.upload(JobsClient.dataset(3_000, 8, null));
    String bad = jobs.submit("topk", poisoned, "{\"field\":\"user\",\"k\":5}");
    String good = jobs.submit("topk", healthy, "{\"field\":\"user\",\"k\":5}");

    JsonNode failed = jobs.awaitEnd(bad, JOB_TIMEOUT);
    assertEquals("failed", failed.get("status").asText(), failed.toString());
    int chunk = failed.get("error").get("chunk").asInt();
    assertTrue(failed.get("error").get("message").asText().startsWith("chunk " + chunk + " failed 3 times"),
        failed.toString());
    assertEquals("succeeded", jobs.awaitEnd(good, JOB_TIMEOUT).get("status").asText());
    JsonNode letter = deadLetter(bad);
    assertEquals(chunk, letter.get("task").get("chunk").asInt(), letter.toString());
    assertTrue(letter.get("reason").asText().contains("poison"), letter.toString());

    String big = jobs.upload(JobsClient.dataset(30_000, 9, null));
    String job = jobs.submit("aggregate", big, AGGREGATE);
    Await.until("the job to be under way", JOB_TIMEOUT, () -> jobs.status(job).get("chunksDone").asInt() >= 5);
    Reply cancelled = entry.send("DELETE", "/v1/jobs/" + job, null);
    assertEquals(200, cancelled.status(), cancelled.body().toString());
    assertEquals("cancelled", cancelled.body().get("status").asText());
    int doneAtCancel = cancelled.body().get("chunksDone").asInt();
    assertTrue(doneAtCancel < cancelled.body().get("chunksTotal").asInt(), cancelled.body().toString());
    // Tasks still queued are skipped; none is counted after the cancellation.
    Thread.sleep(5_000);
    JsonNode after = jobs.status(job);
    assertEquals("cancelled", after.get("status").asText());
    assertEquals(doneAtCancel, after.get("chunksDone").asInt(), after.toString());
    assertEquals(409, entry.get("/v1/jobs/" + job + "/result").status());
  }

  // ---- helpers --------------------------------------------------------------------------------






  /** The job's record in the dead-letter topic, read by a plain Kafka consumer. */
  private static JsonNode deadLetter(String job) throws IOException {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalServices.kafka().bootstrapServersProperty());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "jobs-it-" + job);
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("atrium.jobs.dead-letters"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
          if (job.equals(record.key())) {
            return JSON.readTree(record.value());
          }
        }
      }
    }
    throw new AssertionError("no dead letter for job " + job);
  }

  /** The result the same core code computes over the whole dataset in one piece, single-threaded. */
  private static JsonNode expected(String type, String params, String ndjson) throws IOException {
    JobSettings settings = JobSettings.fromConfig(ConfigFactory.load());
    ChunkRows rows = ChunkRows.of(DatasetSchema.ndjson(), 1, ndjson.getBytes(StandardCharsets.UTF_8));
    return JSON.readTree(JSON.writeValueAsString(JobTypes.create(settings).compute(type, JSON.readTree(params), rows)));
  }
}
