package io.atrium.edge.jobs;

import io.atrium.sharding.jobs.runtime.ChunkWorker;
import io.atrium.sharding.jobs.runtime.JobSpec;
import io.atrium.sharding.jobs.runtime.Task;
import io.atrium.sharding.jobs.runtime.TaskQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tasks run straight on the worker, each one twice (a redelivery, which must count once), unless
 * the queue is paused: then they wait until {@link #resume()}. Dead letters are kept for inspection.
 */
final class InMemoryTaskQueue implements TaskQueue {

  /** A dead-lettered task and why. */
  record DeadLetter(Task task, String reason) {}

  private final ChunkWorker worker;
  private final AtomicBoolean paused = new AtomicBoolean();
  private final List<Task> waiting = new CopyOnWriteArrayList<>();
  final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  final List<Task> ran = new CopyOnWriteArrayList<>();

  InMemoryTaskQueue(ChunkWorker worker) {
    this.worker = worker;
  }

  void pause() {
    paused.set(true);
  }

  void resume() {
    paused.set(false);
    List<Task> tasks = new ArrayList<>(waiting);
    waiting.clear();
    tasks.forEach(this::run);
  }

  @Override
  public CompletionStage<Void> publish(JobSpec spec) {
    for (int chunk = 0; chunk < spec.chunks(); chunk++) {
      Task task = new Task(spec, chunk);
      if (paused.get()) {
        waiting.add(task);
      } else {
        run(task);
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  private void run(Task task) {
    worker.run(task).thenCompose(done -> worker.run(task)).thenRun(() -> ran.add(task));
  }

  @Override
  public CompletionStage<Void> deadLetter(Task task, String reason, int attempts) {
    deadLetters.add(new DeadLetter(task, reason));
    return CompletableFuture.completedFuture(null);
  }
}
