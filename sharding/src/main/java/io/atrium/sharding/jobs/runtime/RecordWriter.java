package io.atrium.sharding.jobs.runtime;

import io.atrium.sharding.Tenant;
import io.atrium.sharding.records.IdempotencyToken;
import io.atrium.sharding.records.RecordReply;
import java.util.concurrent.CompletionStage;

/** Writes one record through its entity, as {@code PUT /v1/records/…} does. */
@FunctionalInterface
public interface RecordWriter {

  CompletionStage<RecordReply> put(Tenant tenant, String collection, String key, String valueJson,
      IdempotencyToken token);
}
