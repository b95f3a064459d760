package io.atrium.sharding.jobs.store;

import com.datastax.oss.driver.api.core.cql.Row;
import io.atrium.sharding.Tenant;
import io.atrium.sharding.jobs.JobPartial;
import io.atrium.sharding.jobs.JobResult;
import io.atrium.sharding.jobs.runtime.JobSpec;
import io.atrium.sharding.jobs.runtime.PartialStore;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * Partials and results in {@code job_partials} and {@code job_results}, serialized with the cluster's
 * own serializer (Jackson CBOR for {@code CborSerializable}), so they read back as the same records.
 */
public final class CassandraPartialStore implements PartialStore {

  private final Cql cql;
  private final Serialization serialization;
  private final String partials;
  private final String results;

  public CassandraPartialStore(ActorSystem<?> system, Cql cql, String keyspace) {
    this.cql = cql;
    this.serialization = SerializationExtension.get(Adapter.toClassic(system));
    this.partials = keyspace + ".job_partials";
    this.results = keyspace + ".job_results";
  }

  @Override
  public CompletionStage<Void> putPartial(JobSpec spec, int chunk, JobPartial partial) {
    Serializer serializer = serialization.findSerializerFor(partial);
    return cql.write("INSERT INTO " + partials + " (tenant, job, idx, serializer, manifest, payload) VALUES (?, ?, ?, ?, ?, ?)",
        spec.tenant(), spec.job(), chunk, serializer.identifier(), Serializers.manifestFor(serializer, partial),
        ByteBuffer.wrap(serializer.toBinary(partial)));
  }

  @Override
  public CompletionStage<JobPartial> partial(JobSpec spec, int chunk) {
    return cql.one("SELECT serializer, manifest, payload FROM " + partials + " WHERE tenant = ? AND job = ? AND idx = ?",
            spec.tenant(), spec.job(), chunk)
        .thenCompose(row -> row
            .map(found -> CompletableFuture.completedFuture((JobPartial) read(found)))
            .orElseGet(() -> CompletableFuture.failedFuture(
                new IllegalStateException("the partial of chunk " + chunk + " is not stored"))));
  }

  @Override
  public CompletionStage<Void> putResult(JobSpec spec, JobResult result) {
    Serializer serializer = serialization.findSerializerFor(result);
    return cql.write("INSERT INTO " + results + " (tenant, job, serializer, manifest, payload) VALUES (?, ?, ?, ?, ?)",
        spec.tenant(), spec.job(), serializer.identifier(), Serializers.manifestFor(serializer, result),
        ByteBuffer.wrap(serializer.toBinary(result)));
  }

  @Override
  public CompletionStage<Optional<JobResult>> result(Tenant tenant, String job) {
    return cql.one("SELECT serializer, manifest, payload FROM " + results + " WHERE tenant = ? AND job = ?",
        tenant.id(), job).thenApply(row -> row.map(found -> (JobResult) read(found)));
  }

  private Object read(Row row) {
    ByteBuffer buffer = row.getByteBuffer("payload");
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return serialization.deserialize(bytes, row.getInt("serializer"), row.getString("manifest")).get();
  }
}
