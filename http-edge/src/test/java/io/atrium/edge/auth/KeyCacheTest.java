package io.atrium.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.atrium.sharding.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Two caches over one store stand for two nodes over one Cassandra. */
class KeyCacheTest {

  private static final Duration MAX_STALENESS = Duration.ofSeconds(30);
  private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

  private final InMemoryKeyStore store = new InMemoryKeyStore();
  private final AtomicLong nanos = new AtomicLong();

  private KeyCache cache(ApiKeyStore over) {
    return new KeyCache(over, MAX_STALENESS, nanos::get);
  }

  private static void refresh(KeyCache cache) {
    cache.refresh().toCompletableFuture().join();
  }

  private ApiKeys.Issued stored(Role role) {
    ApiKeys.Issued issued = ApiKeys.issue(new Tenant("acme"), role, NOW);
    store.insert(issued.stored());
    return issued;
  }

  @Test
  void aStoredKeyIsAcceptedAfterARefreshWithItsTenantAndRole() {
    ApiKeys.Issued issued = stored(Role.ADMIN);
    KeyCache cache = cache(store);
    refresh(cache);
    AuthResult result = cache.verify(issued.token());
    Principal principal = assertInstanceOf(AuthResult.Authenticated.class, result).principal();
    assertEquals(new Tenant("acme"), principal.tenant());
    assertEquals(Role.ADMIN, principal.role());
    // The second time takes the remembered-secret path; same answer.
    assertEquals(result, cache.verify(issued.token()));
  }

  @Test
  void wrongSecretsUnknownIdsAndMalformedKeysAreInvalid() {
    ApiKeys.Issued issued = stored(Role.CLIENT);
    KeyCache cache = cache(store);
    refresh(cache);
    String token = issued.token();
    char last = token.charAt(token.length() - 2);
    String wrongSecret = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
    assertInstanceOf(AuthResult.Invalid.class, cache.verify(wrongSecret));
    // A remembered secret does not make a wrong one pass either.
    assertInstanceOf(AuthResult.Authenticated.class, cache.verify(token));
    assertInstanceOf(AuthResult.Invalid.class, cache.verify(wrongSecret));
    assertInstanceOf(AuthResult.Invalid.class, cache.verify(ApiKeys.issue(new Tenant("acme"), Role.CLIENT, NOW).token()));
    assertInstanceOf(AuthResult.Invalid.class, cache.verify("atr_nonsense"));
  }

  @Test
  void keysAreUnavailableBeforeTheFirstLoadAndWhenTheListIsTooOld() {
    ApiKeys.Issued issued = stored(Role.CLIENT);
    KeyCache cache = cache(store);
    assertInstanceOf(AuthResult.Unavailable.class, cache.verify(issued.token()));
    refresh(cache);
    assertInstanceOf(AuthResult.Authenticated.class, cache.verify(issued.token()));
    nanos.addAndGet(MAX_STALENESS.plusMillis(1).toNanos());
    assertInstanceOf(AuthResult.Unavailable.class, cache.verify(issued.token()));
    refresh(cache);
    assertInstanceOf(AuthResult.Authenticated.class, cache.verify(issued.token()));
  }

  @Test
  void aRevocationAppliesAtOnceOnTheRevokingNodeAndAfterTheNextRefreshOnTheOthers() {
    ApiKeys.Issued issued = stored(Role.CLIENT);
    KeyCache revoking = cache(store);
    KeyCache other = cache(store);
    refresh(revoking);
    refresh(other);
    assertInstanceOf(AuthResult.Authenticated.class, revoking.verify(issued.token()));
    assertInstanceOf(AuthResult.Authenticated.class, other.verify(issued.token()));

    store.revoke(issued.stored().id(), NOW);
    revoking.revoked(issued.stored().id());
    assertInstanceOf(AuthResult.Invalid.class, revoking.verify(issued.token()));
    // The other node still remembers the verified secret; the refresh removes the key itself.
    assertInstanceOf(AuthResult.Authenticated.class, other.verify(issued.token()));
    refresh(other);
    assertInstanceOf(AuthResult.Invalid.class, other.verify(issued.token()));
    refresh(revoking);
    assertInstanceOf(AuthResult.Invalid.class, revoking.verify(issued.token()));
  }

  @Test
  void aKeyAddedThroughThisNodeWorksAtOnce() {
    KeyCache cache = cache(store);
    refresh(cache);
    ApiKeys.Issued issued = stored(Role.CLIENT);
    assertInstanceOf(AuthResult.Invalid.class, cache.verify(issued.token()));
    cache.added(issued.stored());
    assertInstanceOf(AuthResult.Authenticated.class, cache.verify(issued.token()));
  }

  /** A store whose reads the test completes by hand, to interleave a slow refresh with local changes. */
  private static final class HeldReads implements ApiKeyStore {
    final InMemoryKeyStore inner;
    CompletableFuture<List<StoredKey>> held;

    HeldReads(InMemoryKeyStore inner) {
      this.inner = inner;
    }

    @Override
    public CompletionStage<Void> insert(StoredKey key) {
      return inner.insert(key);
    }

    @Override
    public CompletionStage<Boolean> revoke(String id, Instant at) {
      return inner.revoke(id, at);
    }

    @Override
    public CompletionStage<List<StoredKey>> all() {
      held = new CompletableFuture<>();
      return held;
    }
  }

  @Test
  void aRefreshThatStartedBeforeALocalChangeDoesNotUndoIt() {
    ApiKeys.Issued revoked = stored(Role.CLIENT);
    List<StoredKey> before = store.all().toCompletableFuture().join();
    HeldReads slow = new HeldReads(store);
    KeyCache cache = cache(slow);
    CompletionStage<Void> first = cache.refresh();
    slow.held.complete(before);
    first.toCompletableFuture().join();

    CompletionStage<Void> stale = cache.refresh();       // reads the table as it was ...
    store.revoke(revoked.stored().id(), NOW);
    cache.revoked(revoked.stored().id());                // ... while this node revokes a key
    ApiKeys.Issued added = stored(Role.CLIENT);
    cache.added(added.stored());                         // ... and adds one
    slow.held.complete(before);
    stale.toCompletableFuture().join();
    assertInstanceOf(AuthResult.Invalid.class, cache.verify(revoked.token()));
    assertInstanceOf(AuthResult.Authenticated.class, cache.verify(added.token()));

    // A refresh that started after the changes reads them from the store, and the overlay is dropped.
    CompletionStage<Void> fresh = cache.refresh();
    slow.held.complete(store.all().toCompletableFuture().join());
    fresh.toCompletableFuture().join();
    assertInstanceOf(AuthResult.Invalid.class, cache.verify(revoked.token()));
    assertInstanceOf(AuthResult.Authenticated.class, cache.verify(added.token()));
    assertEquals(1, cache.size());
  }
}
