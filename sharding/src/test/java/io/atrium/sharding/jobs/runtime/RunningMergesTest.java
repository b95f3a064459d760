package io.atrium.sharding.jobs.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.sharding.jobs.JobPartial;
import io.atrium.sharding.jobs.JobResult;
import io.atrium.sharding.jobs.Merger;
import io.atrium.sharding.jobs.RandomDataset;
import io.atrium.sharding.jobs.TestJobs;
import io.atrium.sharding.jobs.aggregate.AggregateJob;
import io.atrium.sharding.jobs.aggregate.AggregateParams;
import io.atrium.sharding.jobs.aggregate.AggregatePartial;
import io.atrium.sharding.jobs.aggregate.TooManyGroupsException;
import io.atrium.sharding.jobs.rows.DataFormat;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import io.atrium.sharding.jobs.rows.Row;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A node's running merges: what the final merge finds there plus the partials it reads must give
 * exactly the merge of every partial, however often a chunk was delivered; a merge in doubt is dropped.
 */
class RunningMergesTest {

  private static final AggregateJob JOB = AggregateJob.create(TestJobs.SETTINGS);
  private static final String PARAMS = "{\"groupBy\":[\"region\",\"product\"],\"field\":\"amount\",\"distinct\":\"user\"}";
  private static final AggregateParams PARSED = JOB.parseParams(TestJobs.json(PARAMS));
  private static final int CHUNKS = 12;
  private static final List<AggregatePartial> PARTIALS = partials();

  private static List<AggregatePartial> partials() {
    List<AggregatePartial> partials = new ArrayList<>();
    for (List<Row> chunk : RandomDataset.generate(7, 3000).chunks(DataFormat.NDJSON, CHUNKS)) {
      partials.add(JOB.process(PARSED, chunk));
    }
    return partials;
  }

  private static JobSpec spec(String job) {
    return new JobSpec("acme", job, "aggregate", PARAMS, "ds", DatasetSchema.ndjson(), CHUNKS);
  }

  private static Supplier<Merger<JobPartial, JobResult>> merger() {
    return ComputeKind.of(JOB, TestJobs.json(PARAMS))::merger;
  }

  @Test
  void theRunningMergePlusThePartialsNotInItIsExactlyTheMergeOfEveryPartial() {
    RunningMerges running = new RunningMerges(4);
    JobSpec spec = spec("j");
    for (int chunk : new int[] {3, 0, 7, 3, 11, 0}) {
      // 3 and 0 twice: a redelivered task on this node folds nothing more.
      running.add(spec, chunk, PARTIALS.get(chunk), merger());
    }
    RunningMerges.Taken taken = running.take(spec).orElseThrow();
    assertEquals(BitSet.valueOf(new long[] {1L | 1L << 3 | 1L << 7 | 1L << 11}), taken.chunks());
    for (int chunk = 0; chunk < CHUNKS; chunk++) {
      if (!taken.chunks().get(chunk)) {
        taken.merger().add(PARTIALS.get(chunk));
      }
    }
    assertEquals(JOB.merge(PARSED, PARTIALS), taken.merger().result(), "bit for bit");
  }

  @Test
  void aTakenMergeTakesNoMorePartialsAndIsTakenOnce() {
    RunningMerges running = new RunningMerges(4);
    JobSpec spec = spec("j");
    running.add(spec, 0, PARTIALS.get(0), merger());
    RunningMerges.Taken taken = running.take(spec).orElseThrow();
    running.add(spec, 1, PARTIALS.get(1), merger());
    assertEquals(1, taken.chunks().cardinality());
    assertEquals(JOB.merge(PARSED, PARTIALS.subList(0, 1)), taken.merger().result());
    // The late partial started a new running merge, which the next merge of the job may take.
    assertEquals(1, running.take(spec).orElseThrow().chunks().nextSetBit(0));
    assertTrue(running.take(spec).isEmpty());
  }

  @Test
  void aRunningMergeWhoseFoldFailedIsDropped() {
    RunningMerges running = new RunningMerges(4);
    JobSpec spec = spec("j");
    running.add(spec, 0, PARTIALS.get(0), () -> new Merger<>() {
      @Override
      public void add(JobPartial partial) {
        throw new TooManyGroupsException(1);
      }

      @Override
      public JobResult result() {
        throw new AssertionError("never rendered");
      }
    });
    running.add(spec, 1, PARTIALS.get(1), merger());
    assertTrue(running.take(spec).isEmpty(), "the final merge reads every partial and meets the error itself");
  }

  @Test
  void theLeastRecentlyFedJobIsDroppedBeyondMaxJobsAndZeroIsOff() {
    RunningMerges running = new RunningMerges(2);
    running.add(spec("a"), 0, PARTIALS.get(0), merger());
    running.add(spec("b"), 0, PARTIALS.get(0), merger());
    running.add(spec("a"), 1, PARTIALS.get(1), merger());
    running.add(spec("c"), 0, PARTIALS.get(0), merger());
    assertTrue(running.take(spec("b")).isEmpty());
    assertEquals(2, running.take(spec("a")).orElseThrow().chunks().cardinality());
    assertTrue(running.take(spec("c")).isPresent());

    RunningMerges off = new RunningMerges(0);
    off.add(spec("a"), 0, PARTIALS.get(0), merger());
    assertTrue(off.take(spec("a")).isEmpty());
  }
}
