package io.atrium.sharding.jobs;

import io.atrium.persistence.serialization.CborSerializable;

/**
 * A job's final answer: a record that plain Jackson renders as the JSON the client gets
 * ({@code GET /v1/jobs/{id}/result}), and that the job entity persists.
 */
public interface JobResult extends CborSerializable {}
