package io.atrium.sharding.jobs.runtime;

/**
 * One chunk of one job: a record in the task topic (JSON), keyed by job. Its identity is
 * {@code (job, chunk)}; delivering it twice has the effect of once.
 */
public record Task(JobSpec spec, int chunk) {

  /** How logs, dead letters and errors name the task. */
  public String name() {
    return "job " + spec.job() + " chunk " + chunk;
  }
}
