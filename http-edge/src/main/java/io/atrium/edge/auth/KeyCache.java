package io.atrium.edge.auth;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContextExecutor;

/**
 * This node's copy of the active API keys, re-read from the store every refresh interval, so a key
 * revoked on any node stops working here within one interval plus one read.
 *
 * <p>Changes made through this node (create, revoke) apply here at once. A refresh that started
 * before such a change may not contain it, so each change is kept as an overlay, numbered, and laid
 * over every refresh that started before it; a refresh that started after it has it from the store.
 *
 * <p>Hot path: after a key's secret has been checked against its salted hash once, the secret is
 * remembered per key id and later requests compare it in constant time instead of hashing again.
 * Only keys in the active set are ever looked up, so a revoked key fails whatever is remembered.
 */
public final class KeyCache {

  private static final Logger LOG = LoggerFactory.getLogger(KeyCache.class);

  /** A local change; {@code key} empty means revoked. */
  private record Change(long sequence, Optional<StoredKey> key) {}

  private final ApiKeyStore store;
  private final Duration maxStaleness;
  private final LongSupplier nanoTime;
  private final Object lock = new Object();
  /** Guarded by {@code lock}. */
  private long changes;
  /** Guarded by {@code lock}. */
  private final Map<String, Change> overlay = new HashMap<>();
  private volatile Map<String, StoredKey> active = Map.of();
  /** When the newest installed refresh started; {@code loaded} false until the first one. */
  private volatile long refreshedAtNanos;
  private volatile boolean loaded;
  /** Secrets already checked against their hash, by key id. */
  private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
  /** Only the refresh loop writes it; for logging a failure once rather than every interval. */
  private volatile boolean failing;

  public KeyCache(ApiKeyStore store, Duration maxStaleness, LongSupplier nanoTime) {
    this.store = store;
    this.maxStaleness = maxStaleness;
    this.nanoTime = nanoTime;
  }

  public static KeyCache create(ApiKeyStore store, Duration maxStaleness) {
    return new KeyCache(store, maxStaleness, System::nanoTime);
  }

  public ApiKeyStore store() {
    return store;
  }

  /** Whether a first refresh has succeeded (readiness). */
  public boolean loaded() {
    return loaded;
  }

  public int size() {
    return active.size();
  }

  /** Checks a bearer token that looks like an API key. */
  public AuthResult verify(String token) {
    Optional<ApiKeys.Presented> presented = ApiKeys.parse(token);
    if (presented.isEmpty()) {
      return new AuthResult.Invalid("Malformed API key");
    }
    if (!loaded) {
      return new AuthResult.Unavailable("API keys are not loaded yet");
    }
    if (nanoTime.getAsLong() - refreshedAtNanos > maxStaleness.toNanos()) {
      return new AuthResult.Unavailable("API keys cannot be checked: the key list is out of date");
    }
    String id = presented.get().id();
    byte[] secret = presented.get().secret();
    StoredKey key = active.get(id);
    if (key == null) {
      return new AuthResult.Invalid("Unknown or revoked API key");
    }
    byte[] known = verified.get(id);
    if (known != null && MessageDigest.isEqual(known, secret)) {
      return new AuthResult.Authenticated(key.principal());
    }
    if (!key.matches(secret)) {
      return new AuthResult.Invalid("Unknown or revoked API key");
    }
    verified.put(id, secret);
    return new AuthResult.Authenticated(key.principal());
  }

  /** Reads every key from the store and installs the active ones; fails if the store does. */
  public CompletionStage<Void> refresh() {
    long startedAt = nanoTime.getAsLong();
    long sequence;
    synchronized (lock) {
      sequence = changes;
    }
    return store.all().thenAccept(keys -> install(keys, sequence, startedAt));
  }

  /**
   * Refreshes now and then every {@code interval} after the previous refresh ended (never two at
   * once), until the scheduler shuts down with the actor system.
   */
  public void refreshEvery(Duration interval, Scheduler scheduler, ExecutionContextExecutor executor) {
    refresh().whenCompleteAsync((done, error) -> {
      if (error != null && !failing) {
        LOG.warn("Cannot read the API keys (retrying every {}): {}", interval, error.toString());
      } else if (error == null && failing) {
        LOG.info("API keys readable again: {} active", size());
      }
      failing = error != null;
      try {
        scheduler.scheduleOnce(interval, () -> refreshEvery(interval, scheduler, executor), executor);
      } catch (IllegalStateException shutdown) {
        LOG.debug("API key refresh stops: {}", shutdown.getMessage());
      }
    }, executor);
  }

  /** A key stored through this node: usable here at once. */
  public void added(StoredKey key) {
    change(key.id(), Optional.of(key));
  }

  /** A key revoked through this node: refused here at once. */
  public void revoked(String id) {
    change(id, Optional.empty());
  }

  private void change(String id, Optional<StoredKey> key) {
    synchronized (lock) {
      overlay.put(id, new Change(++changes, key));
      Map<String, StoredKey> next = new HashMap<>(active);
      apply(next, id, key);
      active = Map.copyOf(next);
    }
  }

  private void install(List<StoredKey> keys, long sequence, long startedAt) {
    synchronized (lock) {
      // Changes numbered up to `sequence` were stored before this read began: it has them.
      overlay.values().removeIf(change -> change.sequence() <= sequence);
      Map<String, StoredKey> next = new HashMap<>();
      keys.stream().filter(StoredKey::active).forEach(key -> next.put(key.id(), key));
      overlay.forEach((id, change) -> apply(next, id, change.key()));
      active = Map.copyOf(next);
      verified.keySet().retainAll(next.keySet());
      refreshedAtNanos = startedAt;
      loaded = true;
    }
  }

  private void apply(Map<String, StoredKey> keys, String id, Optional<StoredKey> key) {
    if (key.isPresent() && key.get().active()) {
      keys.put(id, key.get());
    } else {
      keys.remove(id);
      verified.remove(id);
    }
  }
}
