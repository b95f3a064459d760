package io.atrium.sharding.jobs.runtime;

import io.atrium.persistence.serialization.CborSerializable;

/** Why a job failed: the chunk that failed (null when no single chunk did) and the reason. */
public record JobError(Integer chunk, String message) implements CborSerializable {}
