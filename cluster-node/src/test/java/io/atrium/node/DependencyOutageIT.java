package io.atrium.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.node.harness.Await;
import io.atrium.node.harness.JobsClient;
import io.atrium.node.harness.LocalCluster;
import io.atrium.node.harness.LocalServices;
import io.atrium.node.harness.LocalServices.Service;
import io.atrium.node.harness.NodeProcess;
import io.atrium.node.harness.NodeProcess.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7, dependencies failing (test 5): Cassandra killed and restarted under the nodes, then Kafka.
 * While Cassandra is down, readiness is false, writes are refused at once with 503 and reads of
 * entities in memory go on; when it returns, everything works again without a node restart and
 * nothing acknowledged is lost. While Kafka is down, job submission answers 503; a running job
 * resumes when Kafka returns and ends with every row counted once.
 */
class DependencyOutageIT {

  private static final int KEYS = 100;
  private static final Duration DETECTION_BOUND = Duration.ofSeconds(15);
  private static final Duration SERVICE_START = Duration.ofMinutes(3);
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);
  /** A refused write must not wait for the journal: well under the edge's 10 s ask timeout. */
  private static final long FAST_REFUSAL_MILLIS = 1_000;

  @RegisterExtension final LocalCluster cluster = new LocalCluster(Map.of(
      // A topic of this run's own: tasks left in the shared Kafka by earlier runs stay out of it.
      "atrium.jobs.kafka.tasks-topic", "atrium.jobs.tasks.outage-it-" + System.nanoTime(),
      "atrium.jobs.chunk-bytes", "8192",
      "atrium.jobs.worker.pool-size", "1",
      "atrium.jobs.worker.tasks-per-thread", "1"));

  private final String collection = "outage-" + UUID.randomUUID();

  /** Whatever a test left behind, the tests after it need Cassandra and Kafka. */
  @AfterEach
  void restartWhatIsDown() throws Exception {
    for (Service service : Service.values()) {
      if (!LocalServices.running(service)) {
        LocalServices.start(service, SERVICE_START);
      }
    }
  }

  @Test
  void writesAreRefusedAtOnceAndReadsGoOnWhileCassandraIsDownAndNothingIsLostWhenItReturns() throws Exception {
    List<NodeProcess> nodes = cluster.startNodes(2);
    for (int i = 0; i < KEYS; i++) {
      Reply written = put(nodes.get(i % 2), key(i));
      assertEquals(201, written.status(), written.body().toString());
    }

    long killed = System.nanoTime();
    LocalServices.kill(Service.CASSANDRA);
    for (NodeProcess node : nodes) {
      Await.until(node + " not ready, naming cassandra", DETECTION_BOUND, () -> notReadyBecauseOfCassandra(node));
    }
    // A key of its own: the writes that find out when refusal starts may or may not have been applied.
    Await.until("writes refused with storage_unavailable", DETECTION_BOUND,
        () -> errorCode(put(nodes.get(0), "probe")).equals("storage_unavailable"));
    double refusedAfter = secondsSince(killed);

    for (int i = 0; i < 20; i++) {
      NodeProcess node = nodes.get(i % 2);
      long sent = System.nanoTime();
      Reply refused = put(node, key(i));
      long tookMillis = (System.nanoTime() - sent) / 1_000_000;
      assertEquals(503, refused.status(), refused.body().toString());
      assertEquals("storage_unavailable", errorCode(refused));
      assertTrue(tookMillis < FAST_REFUSAL_MILLIS, "refusal took " + tookMillis + " ms");
    }
    for (int i = 0; i < KEYS; i++) {
      Reply read = nodes.get((i + 1) % 2).get(path(key(i)));
      assertEquals(200, read.status(), "entity in memory read during the outage: " + read.body());
      assertEquals(1, read.body().get("version").asLong());
    }

    long restarted = System.nanoTime();
    LocalServices.start(Service.CASSANDRA, SERVICE_START);
    double cassandraStart = secondsSince(restarted);
    for (NodeProcess node : nodes) {
      Await.until(node + " ready again", RECOVERY_BOUND, () -> node.get("/health/ready").status() == 200);
    }
    // Each node's storage guard clears on its own next probe: readiness (reused for up to 1 s) may say
    // ready before it, so wait for writes on every node the writes below go through.
    for (NodeProcess node : nodes) {
      Await.until(node + " accepting writes again", RECOVERY_BOUND, () -> put(node, "probe").status() / 100 == 2);
    }
    double writableAfter = secondsSince(restarted);

    // Version 2 everywhere: the refused writes changed nothing, the acknowledged ones are all there.
    for (int i = 0; i < KEYS; i++) {
      Reply written = put(nodes.get(i % 2), key(i));
      assertEquals(200, written.status(), written.body().toString());
      assertEquals(2, written.body().get("version").asLong(), key(i));
    }
    System.out.printf("MEASURED cassandra outage: kill -9 -> writes refused after %.1f s; restart took %.1f s, "
        + "writes accepted %.1f s after the restart began (%.1f s after Cassandra served again)%n",
        refusedAfter, cassandraStart, writableAfter, writableAfter - cassandraStart);
  }

  @Test
  void jobSubmissionIsRefusedWhileKafkaIsDownAndARunningJobResumesWhenItReturns() throws Exception {
    NodeProcess node = cluster.startNodes(1).get(0);
    JobsClient jobs = new JobsClient(node);
    String dataset = jobs.upload(JobsClient.dataset(20_000, 11, null));
    String params = "{\"field\":\"user\",\"k\":5}";
    String job = jobs.submit("topk", dataset, params);
    Await.until("the job to be under way", RECOVERY_BOUND, () -> jobs.status(job).get("chunksDone").asInt() >= 5);

    long killed = System.nanoTime();
    LocalServices.kill(Service.KAFKA);
    Await.until("job submission refused", DETECTION_BOUND, () -> jobs.trySubmit("topk", dataset, params).status() == 503);
    double refusedAfter = secondsSince(killed);
    Reply refused = jobs.trySubmit("topk", dataset, params);
    assertEquals(503, refused.status(), refused.body().toString());
    assertTrue(refused.body().path("error").path("message").asText().toLowerCase().contains("kafka"),
        refused.body().toString());

    long restarted = System.nanoTime();
    LocalServices.start(Service.KAFKA, SERVICE_START);
    JsonNode done = jobs.awaitEnd(job, Duration.ofMinutes(3));
    assertEquals("succeeded", done.get("status").asText(), done.toString());
    assertEquals(20_000, done.get("rows").asLong(), "every row counted once: " + done);
    assertEquals(done.get("chunksTotal").asInt(), done.get("chunksDone").asInt(), done.toString());
    String after = jobs.submit("topk", dataset, params);
    assertEquals("succeeded", jobs.awaitEnd(after, Duration.ofMinutes(3)).get("status").asText());
    System.out.printf("MEASURED kafka outage: kill -9 -> submissions refused after %.1f s; the running job "
        + "(%d chunks) ended %.1f s after the restart began%n", refusedAfter, done.get("chunksTotal").asInt(),
        secondsSince(restarted));
  }

  private Reply put(NodeProcess node, String key) throws IOException, InterruptedException {
    return node.send("PUT", path(key), "{\"key\":\"" + key + "\"}");
  }

  private String path(String key) {
    return "/v1/records/" + collection + "/" + key;
  }

  private static String key(int i) {
    return "k-" + i;
  }

  private static String errorCode(Reply reply) {
    return reply.body().path("error").path("code").asText();
  }

  private static boolean notReadyBecauseOfCassandra(NodeProcess node) throws IOException, InterruptedException {
    Reply ready = node.get("/health/ready");
    return ready.status() == 503 && ready.body().toString().contains("cassandra");
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }
}
