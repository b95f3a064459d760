package io.atrium.sharding.jobs.runtime;

import io.atrium.sharding.jobs.runtime.JobCommand.Cancel;
import io.atrium.sharding.jobs.runtime.JobCommand.CompleteChunk;
import io.atrium.sharding.jobs.runtime.JobCommand.FailChunk;
import io.atrium.sharding.jobs.runtime.JobCommand.FailMerge;
import io.atrium.sharding.jobs.runtime.JobCommand.Finish;
import io.atrium.sharding.jobs.runtime.JobCommand.Get;
import io.atrium.sharding.jobs.runtime.JobCommand.MergeFinished;
import io.atrium.sharding.jobs.runtime.JobCommand.RetryPublish;
import io.atrium.sharding.jobs.runtime.JobCommand.StartChunk;
import io.atrium.sharding.jobs.runtime.JobCommand.Submit;
import io.atrium.sharding.jobs.runtime.JobCommand.TasksPublished;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One job, owned by exactly one entity in the cluster: it records the submission, has the tasks
 * queued, counts each chunk once however often its task is delivered, and records the end. A worker
 * commits a task's offset only after this entity has answered (so after it persisted what the task
 * did): a crash anywhere loses no chunk and counts none twice.
 *
 * <p>After a crash the entity resumes what it was doing when it comes back (with the next message
 * for it: a worker's, or a client's status poll): queueing tasks not yet all queued, or merging a
 * job whose chunks are all done.
 */
public final class JobEntity extends EventSourcedBehaviorWithEnforcedReplies<JobCommand, JobEvent, JobState> {

  public static final EntityTypeKey<JobCommand> ENTITY_KEY = EntityTypeKey.create(JobCommand.class, "job");

  private static final Duration RESTART_MIN = Duration.ofMillis(200);
  private static final Duration RESTART_MAX = Duration.ofSeconds(5);

  private final ActorContext<JobCommand> context;
  private final JobServices services;
  private final JobRuntimeSettings settings;
  private final Clock clock;

  private JobEntity(ActorContext<JobCommand> context, String entityId, JobServices services,
      JobRuntimeSettings settings, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), entityId),
        SupervisorStrategy.restartWithBackoff(RESTART_MIN, RESTART_MAX, 0.2));
    this.context = context;
    this.services = services;
    this.settings = settings;
    this.clock = clock;
  }

  public static void init(ActorSystem<?> system, JobServices services, JobRuntimeSettings settings) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY,
        entity -> create(entity.getEntityId(), services, settings, Clock.systemUTC())));
  }

  public static Behavior<JobCommand> create(String entityId, JobServices services, JobRuntimeSettings settings,
      Clock clock) {
    return Behaviors.setup(context -> new JobEntity(context, entityId, services, settings, clock));
  }

  @Override
  public JobState emptyState() {
    return JobState.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public SignalHandler<JobState> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::resume).build();
  }

  /** Picks up the work a crash may have interrupted. */
  private void resume(JobState state) {
    if (!state.exists() || state.status().isFinal()) {
      if (state.exists()) {
        services.ended(state.spec());
      }
      return;
    }
    if (!state.tasksQueued()) {
      publish(state.spec());
    } else if (state.allChunksDone()) {
      merge(state.spec());
    }
  }

  @Override
  public CommandHandlerWithReply<JobCommand, JobEvent, JobState> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Submit.class, this::onSubmit)
        .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), state.view(clock.instant())))
        .onCommand(Cancel.class, this::onCancel)
        .onCommand(StartChunk.class, this::onStartChunk)
        .onCommand(CompleteChunk.class, this::onCompleteChunk)
        .onCommand(FailChunk.class, this::onFailChunk)
        .onCommand(Finish.class, this::onFinish)
        .onCommand(FailMerge.class, this::onFailMerge)
        .onCommand(TasksPublished.class, this::onTasksPublished)
        .onCommand(MergeFinished.class, this::onMergeFinished)
        .onCommand(RetryPublish.class, this::onRetryPublish)
        .build();
  }

  private ReplyEffect<JobEvent, JobState> onSubmit(JobState state, Submit submit) {
    if (state.exists()) {
      return Effect().reply(submit.replyTo(), state.view(clock.instant()).orElseThrow());
    }
    return Effect().persist(new JobEvent.Submitted(submit.spec(), clock.instant()))
        .thenRun(after -> publish(after.spec()))
        .thenReply(submit.replyTo(), after -> after.view(clock.instant()).orElseThrow());
  }

  private ReplyEffect<JobEvent, JobState> onCancel(JobState state, Cancel cancel) {
    if (!state.exists() || state.status().isFinal()) {
      return Effect().reply(cancel.replyTo(), state.view(clock.instant()));
    }
    return Effect().persist(new JobEvent.Cancelled(clock.instant()))
        .thenRun(after -> services.ended(after.spec()))
        .thenReply(cancel.replyTo(), after -> after.view(clock.instant()));
  }

  private ReplyEffect<JobEvent, JobState> onStartChunk(JobState state, StartChunk start) {
    ChunkDirective directive = directive(state, start.chunk());
    if (directive == ChunkDirective.PROCESS && state.status() == JobStatus.QUEUED) {
      return Effect().persist(new JobEvent.Started(clock.instant())).thenReply(start.replyTo(), after -> directive);
    }
    return Effect().reply(start.replyTo(), directive);
  }

  private ReplyEffect<JobEvent, JobState> onCompleteChunk(JobState state, CompleteChunk complete) {
    ChunkDirective directive = directive(state, complete.chunk());
    if (directive != ChunkDirective.PROCESS) {
      return Effect().reply(complete.replyTo(), directive);
    }
    return Effect().persist(new JobEvent.ChunkCompleted(complete.chunk(), complete.rows(), clock.instant()))
        .thenReply(complete.replyTo(), after -> after.allChunksDone() ? ChunkDirective.MERGE : ChunkDirective.SKIP);
  }

  /** What a task for {@code chunk} should do now. */
  private static ChunkDirective directive(JobState state, int chunk) {
    if (!state.exists() || state.status().isFinal() || chunk < 0 || chunk >= state.spec().chunks()) {
      return ChunkDirective.SKIP;
    }
    if (state.allChunksDone()) {
      return ChunkDirective.MERGE;
    }
    return state.isDone(chunk) ? ChunkDirective.SKIP : ChunkDirective.PROCESS;
  }

  private ReplyEffect<JobEvent, JobState> onFailChunk(JobState state, FailChunk fail) {
    return failed(state, new JobError(fail.chunk(), fail.reason()), fail.replyTo());
  }

  private ReplyEffect<JobEvent, JobState> onFailMerge(JobState state, FailMerge fail) {
    return failed(state, new JobError(null, fail.reason()), fail.replyTo());
  }

  private ReplyEffect<JobEvent, JobState> failed(JobState state, JobError error, ActorRef<Done> replyTo) {
    if (!state.exists() || state.status().isFinal()) {
      return Effect().reply(replyTo, Done.getInstance());
    }
    return Effect().persist(new JobEvent.Failed(error, clock.instant()))
        .thenRun(after -> services.ended(after.spec()))
        .thenReply(replyTo, after -> Done.getInstance());
  }

  private ReplyEffect<JobEvent, JobState> onFinish(JobState state, Finish finish) {
    if (!state.allChunksDone() || state.status().isFinal()) {
      return Effect().reply(finish.replyTo(), Done.getInstance());
    }
    return Effect().persist(new JobEvent.Succeeded(clock.instant()))
        .thenRun(after -> services.ended(after.spec()))
        .thenReply(finish.replyTo(), after -> Done.getInstance());
  }

  private ReplyEffect<JobEvent, JobState> onTasksPublished(JobState state, TasksPublished published) {
    if (!state.exists() || state.tasksQueued() || state.status().isFinal()) {
      return Effect().noReply();
    }
    if (published.error().isPresent()) {
      context.getLog().warn("Job {}: queueing its tasks failed ({}); retrying in {}", state.spec().job(),
          published.error().get(), settings.publishRetry());
      context.scheduleOnce(settings.publishRetry(), context.getSelf(), RetryPublish.INSTANCE);
      return Effect().noReply();
    }
    return Effect().persist(new JobEvent.TasksQueued(clock.instant()))
        .thenRun(after -> {
          if (after.allChunksDone()) {
            merge(after.spec());
          }
        })
        .thenNoReply();
  }

  private ReplyEffect<JobEvent, JobState> onRetryPublish(JobState state, RetryPublish retry) {
    if (state.exists() && !state.tasksQueued() && !state.status().isFinal()) {
      publish(state.spec());
    }
    return Effect().noReply();
  }

  private ReplyEffect<JobEvent, JobState> onMergeFinished(JobState state, MergeFinished finished) {
    if (!state.allChunksDone() || state.status().isFinal()) {
      return Effect().noReply();
    }
    JobEvent end = finished.error()
        .<JobEvent>map(reason -> new JobEvent.Failed(new JobError(null, reason), clock.instant()))
        .orElseGet(() -> new JobEvent.Succeeded(clock.instant()));
    return Effect().persist(end).thenRun(after -> services.ended(after.spec())).thenNoReply();
  }

  private void publish(JobSpec spec) {
    pipe(services.publishTasks(spec), TasksPublished::new);
  }

  private void merge(JobSpec spec) {
    pipe(services.merge(spec), MergeFinished::new);
  }

  private void pipe(CompletionStage<Void> work, java.util.function.Function<Optional<String>, JobCommand> done) {
    context.pipeToSelf(work, (ok, error) -> done.apply(Optional.ofNullable(error).map(JobEntity::reason)));
  }

  static String reason(Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  @Override
  public EventHandler<JobState, JobEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(JobState::apply);
  }
}
