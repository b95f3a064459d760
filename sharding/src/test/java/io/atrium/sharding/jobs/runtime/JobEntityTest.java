package io.atrium.sharding.jobs.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job entity's bookkeeping on the persistence testkit (which also round-trips every command,
 * event and state through the app's CBOR binding): each chunk counts once, the last one asks for the
 * merge, a cancelled or failed job skips its remaining tasks, a job without chunks merges itself.
 */
class JobEntityTest {

  private static final AtomicInteger IDS = new AtomicInteger();
  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    Config serialization = ConfigFactory.parseResources("atrium-defaults.conf").withOnlyPath("pekko.actor");
    testKit = ActorTestKit.create("JobEntityTest", EventSourcedBehaviorTestKit.config()
        .withFallback(serialization)
        .withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING")));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Records what the entity asked of the outside world; everything succeeds at once. */
  private static final class Recorded implements JobServices {
    final List<String> calls = new CopyOnWriteArrayList<>();
    /** What publishing returns: done at once, unless a test keeps it pending or failing. */
    volatile CompletableFuture<Void> published = CompletableFuture.completedFuture(null);

    @Override
    public CompletionStage<Void> publishTasks(JobSpec spec) {
      calls.add("publish");
      return published;
    }

    @Override
    public CompletionStage<Void> merge(JobSpec spec) {
      calls.add("merge");
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void ended(JobSpec spec) {
      calls.add("ended");
    }
  }

  private static JobSpec spec(String job, int chunks) {
    return new JobSpec("acme", job, "topk", "{\"field\":\"x\"}", "ds", DatasetSchema.ndjson(), chunks);
  }

  private static EventSourcedBehaviorTestKit<JobCommand, JobEvent, JobState> entity(JobServices services) {
    JobRuntimeSettings settings = JobRuntimeSettings.fromConfig(
        ConfigFactory.parseString("atrium.jobs.publish-retry = 100ms").withFallback(ConfigFactory.load()));
    return EventSourcedBehaviorTestKit.create(testKit.system(),
        JobEntity.create("acme/job/" + IDS.incrementAndGet(), services, settings, java.time.Clock.systemUTC()));
  }

  private static EventSourcedBehaviorTestKit<JobCommand, JobEvent, JobState> submitted(Recorded services, int chunks) {
    var kit = entity(services);
    var submit = kit.<JobView>runCommand(replyTo -> new JobCommand.Submit(spec("j", chunks), replyTo));
    assertEquals(JobStatus.QUEUED, submit.reply().status());
    kit.runCommand(new JobCommand.TasksPublished(Optional.empty()));
    return kit;
  }

  @Test
  void eachChunkCountsOnceAndTheLastOneAsksForTheMerge() {
    Recorded services = new Recorded();
    var kit = submitted(services, 2);
    assertEquals(ChunkDirective.PROCESS,
        kit.<ChunkDirective>runCommand(replyTo -> new JobCommand.StartChunk(0, replyTo)).reply());
    assertEquals(ChunkDirective.SKIP,
        kit.<ChunkDirective>runCommand(replyTo -> new JobCommand.CompleteChunk(0, 10, replyTo)).reply());
    // Redelivered: recognised, not counted again.
    assertEquals(ChunkDirective.SKIP,
        kit.<ChunkDirective>runCommand(replyTo -> new JobCommand.StartChunk(0, replyTo)).reply());
    var again = kit.<ChunkDirective>runCommand(replyTo -> new JobCommand.CompleteChunk(0, 10, replyTo));
    assertTrue(again.events().isEmpty());
    assertEquals(ChunkDirective.MERGE,
        kit.<ChunkDirective>runCommand(replyTo -> new JobCommand.CompleteChunk(1, 5, replyTo)).reply());
    kit.<Done>runCommand(JobCommand.Finish::new);
    JobView view = kit.<Optional<JobView>>runCommand(JobCommand.Get::new).reply().orElseThrow();
    assertEquals(JobStatus.SUCCEEDED, view.status());
    assertEquals(2, view.chunksDone());
    assertEquals(15, view.rows());
    assertEquals(List.of("publish", "ended"), services.calls);
  }

  @Test
  void aCancelledJobSkipsItsRemainingTasksAndRefusesLateCompletions() {
    Recorded services = new Recorded();
    var kit = submitted(services, 3);
    kit.<ChunkDirective>runCommand(replyTo -> new JobCommand.StartChunk(0, replyTo));
    var cancelled = kit.<Optional<JobView>>runCommand(JobCommand.Cancel::new);
    assertEquals(JobStatus.CANCELLED, cancelled.reply().orElseThrow().status());
    assertEquals(ChunkDirective.SKIP,
        kit.<ChunkDirective>runCommand(replyTo -> new JobCommand.StartChunk(1, replyTo)).reply());
    var late = kit.<ChunkDirective>runCommand(replyTo -> new JobCommand.CompleteChunk(0, 10, replyTo));
    assertTrue(late.events().isEmpty());
    assertEquals(0, kit.getState().chunksDone());
  }

  @Test
  void aFailedChunkFailsTheJobNamingIt() {
    Recorded services = new Recorded();
    var kit = submitted(services, 3);
    kit.<Done>runCommand(replyTo -> new JobCommand.FailChunk(2, "chunk 2 failed 3 times: boom", replyTo));
    JobView view = kit.<Optional<JobView>>runCommand(JobCommand.Get::new).reply().orElseThrow();
    assertEquals(JobStatus.FAILED, view.status());
    assertEquals(new JobError(2, "chunk 2 failed 3 times: boom"), view.error());
    assertEquals(ChunkDirective.SKIP,
        kit.<ChunkDirective>runCommand(replyTo -> new JobCommand.StartChunk(0, replyTo)).reply());
  }

  @Test
  void aJobWithoutChunksMergesItselfOnceItsTasksAreQueued() {
    Recorded services = new Recorded();
    var kit = submitted(services, 0);
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(JobStatus.SUCCEEDED, kit.getState().status());
      return null;
    });
    assertEquals(List.of("publish", "merge", "ended"), services.calls);
  }

  @Test
  void tasksKafkaRefusedAreQueuedAgainUntilItTakesThem() {
    Recorded services = new Recorded();
    services.published = CompletableFuture.failedFuture(new IllegalStateException("Kafka is down"));
    var kit = entity(services);
    kit.<JobView>runCommand(replyTo -> new JobCommand.Submit(spec("j", 4), replyTo));
    testKit.createTestProbe().awaitAssert(() -> {
      assertTrue(services.calls.size() >= 2, services.calls.toString());
      return null;
    });
    assertTrue(!kit.getState().tasksQueued());
    services.published = CompletableFuture.completedFuture(null);
    testKit.createTestProbe().awaitAssert(() -> {
      assertTrue(kit.getState().tasksQueued());
      return null;
    });
  }

  @Test
  void aRecoveredJobResumesQueueingItsTasks() {
    Recorded services = new Recorded();
    services.published = new CompletableFuture<>();
    var kit = entity(services);
    kit.<JobView>runCommand(replyTo -> new JobCommand.Submit(spec("j", 4), replyTo));
    kit.restart();
    assertEquals(List.of("publish", "publish"), services.calls);
  }
}
