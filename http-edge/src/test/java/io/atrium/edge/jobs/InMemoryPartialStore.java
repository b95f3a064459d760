package io.atrium.edge.jobs;

import io.atrium.sharding.Tenant;
import io.atrium.sharding.jobs.JobPartial;
import io.atrium.sharding.jobs.JobResult;
import io.atrium.sharding.jobs.runtime.JobSpec;
import io.atrium.sharding.jobs.runtime.PartialStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Partials and results in maps, each round-tripped through the cluster's serializer as the Cassandra
 * store does, so a partial that does not survive CBOR fails here too.
 */
final class InMemoryPartialStore implements PartialStore {

  private record Stored(byte[] bytes, int serializer, String manifest) {}

  private final Serialization serialization;
  private final Map<String, Stored> stored = new ConcurrentHashMap<>();

  InMemoryPartialStore(ActorSystem<?> system) {
    this.serialization = SerializationExtension.get(Adapter.toClassic(system));
  }

  /** Partials stored for {@code job}. */
  long partialsOf(String job) {
    return stored.keySet().stream().filter(key -> key.contains("/" + job + "/")).count();
  }

  @Override
  public CompletionStage<Void> putPartial(JobSpec spec, int chunk, JobPartial partial) {
    stored.put(spec.tenant() + "/" + spec.job() + "/" + chunk, write(partial));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<JobPartial> partial(JobSpec spec, int chunk) {
    Stored found = stored.get(spec.tenant() + "/" + spec.job() + "/" + chunk);
    return found == null
        ? CompletableFuture.failedFuture(new IllegalStateException("no partial " + chunk))
        : CompletableFuture.completedFuture((JobPartial) read(found));
  }

  @Override
  public CompletionStage<Void> putResult(JobSpec spec, JobResult result) {
    stored.put(spec.tenant() + "/" + spec.job(), write(result));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Optional<JobResult>> result(Tenant tenant, String job) {
    return CompletableFuture.completedFuture(
        Optional.ofNullable(stored.get(tenant.id() + "/" + job)).map(found -> (JobResult) read(found)));
  }

  private Stored write(Object value) {
    var serializer = serialization.findSerializerFor(value);
    return new Stored(serializer.toBinary(value), serializer.identifier(),
        org.apache.pekko.serialization.Serializers.manifestFor(serializer, value));
  }

  private Object read(Stored found) {
    return serialization.deserialize(found.bytes(), found.serializer(), found.manifest()).get();
  }
}
