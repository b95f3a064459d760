package io.atrium.sharding.jobs.runtime;

import io.atrium.persistence.serialization.CborSerializable;
import io.atrium.sharding.Tenant;
import io.atrium.sharding.jobs.rows.DatasetSchema;

/**
 * Everything a worker needs to run any chunk of a job, carried by each task so that no worker has to
 * ask for it: the params are the client's validated JSON, parsed again where the chunk runs.
 *
 * @param chunks chunks of the dataset when the job was submitted, numbered {@code 0 … chunks-1}
 */
public record JobSpec(String tenant, String job, String type, String paramsJson, String dataset,
    DatasetSchema schema, int chunks) implements CborSerializable {

  public Tenant owner() {
    return new Tenant(tenant);
  }

  /** The id of the job's entity: scoped by tenant like every entity. */
  public String entityId() {
    return entityId(owner(), job);
  }

  public static String entityId(Tenant tenant, String job) {
    return tenant.entityId("job", job);
  }
}
