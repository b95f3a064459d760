package io.atrium.edge.auth;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Where API keys live (Cassandra in a node; memory in route tests). */
public interface ApiKeyStore {

  /** Completes once the key is durably stored. */
  CompletionStage<Void> insert(StoredKey key);

  /**
   * Marks a key revoked; revoking a revoked key keeps its first revocation time.
   *
   * @return false when no key has that id
   */
  CompletionStage<Boolean> revoke(String id, Instant at);

  /** Every key, revoked ones included. */
  CompletionStage<List<StoredKey>> all();
}
