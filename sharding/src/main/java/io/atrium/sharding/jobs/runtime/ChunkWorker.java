package io.atrium.sharding.jobs.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.atrium.sharding.jobs.JobPartial;
import io.atrium.sharding.jobs.JobResult;
import io.atrium.sharding.jobs.Merger;
import io.atrium.sharding.jobs.chunks.Chunk;
import io.atrium.sharding.jobs.datasets.DatasetStore;
import java.time.Duration;
import java.util.BitSet;
import io.atrium.sharding.jobs.aggregate.TooManyGroupsException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task: asks the job entity whether the chunk still needs running, runs it on the worker
 * pool (retrying with backoff), stores the partial, and reports it to the entity; the returned stage
 * completes only once the entity has persisted the outcome, so the caller may then commit the task.
 * The worker that reports the last chunk merges the partials and finishes the job. A chunk that fails
 * every attempt is dead-lettered and fails its job.
 */
public final class ChunkWorker {

  private static final Logger LOG = LoggerFactory.getLogger(ChunkWorker.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  /** Tries of one ask to a job entity; with the backoff, long enough for a shard to move after a crash. */
  private static final int ASK_ATTEMPTS = 5;

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final DatasetStore datasets;
  private final PartialStore partials;
  private final Supplier<TaskQueue> queue;
  private final JobKinds kinds;
  private final JobRuntimeSettings settings;
  private final Executor workers;
  private final ByteString poison;
  private final RunningMerges running;

  public ChunkWorker(ActorSystem<?> system, DatasetStore datasets, PartialStore partials, Supplier<TaskQueue> queue,
      JobKinds kinds, JobRuntimeSettings settings, Executor workers) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.datasets = datasets;
    this.partials = partials;
    this.queue = queue;
    this.kinds = kinds;
    this.settings = settings;
    this.workers = workers;
    this.poison = ByteString.fromString(settings.poisonMarker());
    this.running = new RunningMerges(settings.runningMergeJobs());
  }

  /** Completes once the entity has recorded what became of the task (or that there was nothing to do). */
  public CompletionStage<Done> run(Task task) {
    return this.<ChunkDirective>askEntity(task.spec(), replyTo -> new JobCommand.StartChunk(task.chunk(), replyTo))
        .thenComposeAsync(directive -> switch (directive) {
          case SKIP -> CompletableFuture.completedFuture(Done.getInstance());
          case MERGE -> mergeAndFinish(task.spec());
          case PROCESS -> process(task);
        }, workers);
  }

  private CompletionStage<Done> process(Task task) {
    JobKind kind = kind(task.spec());
    return attempt(task, kind, 1).thenComposeAsync(outcome -> outcome.partial() == null
        ? failChunk(task, outcome.error(), settings.maxAttempts())
        : partials.putPartial(task.spec(), task.chunk(), outcome.partial())
            // Folded before the chunk counts, so the merge the last chunk triggers finds it here.
            .thenApplyAsync(stored -> {
              running.add(task.spec(), task.chunk(), outcome.partial(), kind::merger);
              return stored;
            }, workers)
            .thenCompose(stored -> this.<ChunkDirective>askEntity(task.spec(),
                replyTo -> new JobCommand.CompleteChunk(task.chunk(), outcome.rows(), replyTo)))
            .thenComposeAsync(next -> next == ChunkDirective.MERGE
                ? mergeAndFinish(task.spec())
                : CompletableFuture.completedFuture(Done.getInstance()), workers), workers);
  }

  /** A chunk's partial and rows, or the last error. */
  private record Outcome(JobPartial partial, long rows, String error) {}

  private CompletionStage<Outcome> attempt(Task task, JobKind kind, int attempt) {
    return datasets.chunk(task.spec().owner(), task.spec().dataset(), task.spec().schema(), task.chunk())
        .thenComposeAsync(chunk -> processChunk(kind, chunk), workers)
        .handleAsync((outcome, error) -> {
          if (error == null) {
            return CompletableFuture.completedFuture(outcome);
          }
          String reason = JobEntity.reason(error);
          if (attempt >= settings.maxAttempts()) {
            return CompletableFuture.completedFuture(new Outcome(null, 0, reason));
          }
          Duration backoff = backoff(attempt);
          LOG.warn("{} failed (attempt {} of {}): {}; retrying in {}", task.name(), attempt, settings.maxAttempts(),
              reason, backoff);
          return after(backoff, () -> attempt(task, kind, attempt + 1));
        }, workers)
        .thenCompose(Function.identity());
  }

  private CompletionStage<Outcome> processChunk(JobKind kind, Chunk chunk) {
    if (!poison.isEmpty() && chunk.data().indexOfSlice(poison) >= 0) {
      throw new IllegalStateException("poisoned chunk (atrium.jobs.fault-injection.poison-marker)");
    }
    return kind.process(chunk, workers).thenApply(partial -> new Outcome(partial, chunk.rows(), null));
  }

  private Duration backoff(int attempt) {
    long millis = settings.retryMinBackoff().toMillis() << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(millis, settings.retryMaxBackoff().toMillis()));
  }

  private <T> CompletionStage<T> after(Duration delay, Supplier<CompletionStage<T>> next) {
    return Patterns.after(delay, system.classicSystem().scheduler(), system.executionContext(), next::get);
  }

  private CompletionStage<Done> failChunk(Task task, String reason, int attempts) {
    LOG.error("{} failed {} times, dead-lettered: {}", task.name(), attempts, reason);
    return queue.get().deadLetter(task, reason, attempts)
        .thenComposeAsync(queued -> this.<Done>askEntity(task.spec(), replyTo -> new JobCommand.FailChunk(task.chunk(),
            "chunk " + task.chunk() + " failed " + attempts + " times: " + reason, replyTo)), workers);
  }

  /**
   * Merges every chunk's partial (read a few at a time, folded one by one) and finishes the job. A
   * result that cannot exist (too many groups) fails the job; any other failure (Cassandra) fails
   * the task, whose redelivery merges again.
   */
  private CompletionStage<Done> mergeAndFinish(JobSpec spec) {
    return merge(spec)
        .<Optional<String>>thenApply(merged -> Optional.empty())
        .exceptionallyCompose(error -> {
          Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
          return cause instanceof TooManyGroupsException
              ? CompletableFuture.completedFuture(Optional.of(cause.getMessage()))
              : CompletableFuture.failedFuture(cause);
        })
        .thenCompose(failure -> failure.isEmpty()
            ? askEntity(spec, JobCommand.Finish::new)
            : this.<Done>askEntity(spec, replyTo -> new JobCommand.FailMerge(failure.get(), replyTo)));
  }

  /**
   * Merges every chunk's partial and stores the result; what a job entity without workers runs itself.
   * Starts from this node's running merge of the job when there is one, and reads only the partials
   * not in it.
   */
  public CompletionStage<Void> merge(JobSpec spec) {
    long start = System.nanoTime();
    Optional<RunningMerges.Taken> taken = running.take(spec);
    Merger<JobPartial, JobResult> merger = taken.map(RunningMerges.Taken::merger).orElseGet(() -> kind(spec).merger());
    BitSet merged = taken.map(RunningMerges.Taken::chunks).orElseGet(BitSet::new);
    Source<Integer, NotUsed> chunks = spec.chunks() == 0 ? Source.empty() : Source.range(0, spec.chunks() - 1);
    return chunks
        .filter(chunk -> !merged.get(chunk))
        .mapAsync(settings.mergeParallelism(), chunk -> partials.partial(spec, chunk))
        // Merging is CPU work: on the worker pool, not on the stream's dispatcher; one partial at a
        // time (mapAsync 1), as the merger is not thread-safe.
        .mapAsync(1, partial -> CompletableFuture.runAsync(() -> merger.add(partial), workers))
        .runWith(Sink.ignore(), system)
        .thenComposeAsync(done -> partials.putResult(spec, merger.result()), workers)
        .thenRun(() -> LOG.info("Job {} merged: {} partials from this node's running merge, {} read, in {} ms",
            spec.job(), merged.cardinality(), spec.chunks() - merged.cardinality(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
  }

  private JobKind kind(JobSpec spec) {
    try {
      JsonNode params = JSON.readTree(spec.paramsJson());
      return kinds.parse(spec.type(), params, spec.owner(), spec.job());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("job " + spec.job() + " has unreadable params", e);
    }
  }

  /**
   * Asks the job entity, again after a failure (every command to it is idempotent): right after a
   * node crash its shard may take a few seconds to move. Failing for good fails the task's stage,
   * which restarts the consumer and so redelivers the uncommitted task.
   */
  private <T> CompletionStage<T> askEntity(JobSpec spec, Function<ActorRef<T>, JobCommand> command) {
    return askEntity(spec, command, 1);
  }

  private <T> CompletionStage<T> askEntity(JobSpec spec, Function<ActorRef<T>, JobCommand> command, int attempt) {
    EntityRef<JobCommand> entity = sharding.entityRefFor(JobEntity.ENTITY_KEY, spec.entityId());
    return entity.ask(command::apply, settings.askTimeout())
        .handleAsync((reply, error) -> {
          if (error == null) {
            return CompletableFuture.completedFuture(reply);
          }
          if (attempt >= ASK_ATTEMPTS) {
            return CompletableFuture.<T>failedFuture(error);
          }
          return after(backoff(attempt), () -> askEntity(spec, command, attempt + 1));
        }, workers)
        .thenCompose(Function.identity());
  }
}
