package io.atrium.sharding.jobs;

import io.atrium.persistence.serialization.CborSerializable;

/**
 * What one chunk contributed to a job's result. Persisted by the job entity and sent between nodes,
 * hence serializable; partials of a job type merge in any order to the same value.
 */
public interface JobPartial extends CborSerializable {}
