package io.atrium.sharding.jobs.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.sharding.Tenant;
import io.atrium.sharding.jobs.JobSettings;
import io.atrium.sharding.jobs.JobType;
import io.atrium.sharding.jobs.JobTypes;
import io.atrium.sharding.jobs.imports.ImportMapping;
import io.atrium.sharding.jobs.imports.ImportParams;
import io.atrium.sharding.records.RecordLimits;
import java.util.Optional;
import org.apache.pekko.stream.Materializer;

/** Every job type clients can submit, by name: the compute types of {@link JobTypes} and {@code import}. */
public final class JobKinds {

  public static final String IMPORT = "import";

  private final JobTypes types;
  private final JobSettings jobs;
  private final RecordLimits limits;
  private final RecordWriter writer;
  private final int importParallelism;
  private final Materializer materializer;

  public JobKinds(JobTypes types, JobSettings jobs, RecordLimits limits, RecordWriter writer, int importParallelism,
      Materializer materializer) {
    this.types = types;
    this.jobs = jobs;
    this.limits = limits;
    this.writer = writer;
    this.importParallelism = importParallelism;
    this.materializer = materializer;
  }

  /**
   * The job {@code type} with {@code params}, validated.
   *
   * @throws IllegalArgumentException for an unknown type or invalid params (an
   *     {@link io.atrium.sharding.jobs.InvalidParamsException})
   */
  public JobKind parse(String type, JsonNode params, Tenant tenant, String job) {
    if (IMPORT.equals(type)) {
      ImportParams parsed = ImportParams.parse(params, limits);
      return new ImportKind(job, tenant, parsed, ImportMapping.create(parsed, limits), writer, importParallelism,
          jobs.importFailureExamples(), materializer);
    }
    Optional<JobType<?, ?, ?>> compute = types.get(type);
    if (compute.isEmpty()) {
      throw new IllegalArgumentException("unknown job type \"" + type + "\"; known: aggregate, import, topk");
    }
    return ComputeKind.of(compute.get(), params);
  }
}
