package io.atrium.edge.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** API keys in memory, for route tests; several caches may share one store, like nodes share Cassandra. */
public final class InMemoryKeyStore implements ApiKeyStore {

  private final Map<String, StoredKey> keys = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<Void> insert(StoredKey key) {
    keys.put(key.id(), key);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Boolean> revoke(String id, Instant at) {
    StoredKey key = keys.computeIfPresent(id, (k, stored) -> stored.active() ? stored.revoked(at) : stored);
    return CompletableFuture.completedFuture(key != null);
  }

  @Override
  public CompletionStage<List<StoredKey>> all() {
    return CompletableFuture.completedFuture(List.copyOf(keys.values()));
  }
}
