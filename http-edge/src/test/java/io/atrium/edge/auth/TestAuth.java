package io.atrium.edge.auth;

import com.typesafe.config.ConfigFactory;
import io.atrium.edge.errors.JsonErrorHandling;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.http.javadsl.server.Route;

/** Authentication for route tests: off (every caller is tenant "default", admin) or on over an in-memory store. */
public final class TestAuth {

  public static final String HS256_SECRET = "test-secret-of-at-least-thirty-two-bytes!";
  public static final String ISSUER = "https://issuer.test";
  public static final String AUDIENCE = "atrium";
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private TestAuth() {}

  /** Authentication off. */
  public static Authentication disabled() {
    return create(settings(false, Map.of()), loadedCache(new InMemoryKeyStore()));
  }

  /** Authentication on, HS256 with {@link #HS256_SECRET}, plus any other {@code atrium.http.auth} overrides. */
  public static AuthSettings enabled(Map<String, Object> overrides) {
    return settings(true, overrides);
  }

  public static Authentication create(AuthSettings settings, KeyCache keys) {
    return Authentication.create(settings, keys, RETRY_AFTER);
  }

  /** A cache over {@code store} that has loaded it once. */
  public static KeyCache loadedCache(ApiKeyStore store) {
    KeyCache cache = KeyCache.create(store, Duration.ofMinutes(1));
    cache.refresh().toCompletableFuture().join();
    return cache;
  }

  /** Service routes as the edge wraps them: credentials read, errors sealed, access checked. */
  public static Route around(Authentication auth, JsonErrorHandling errors, Route routes) {
    return auth.identify(() -> errors.seal(auth.authorize(() -> routes)));
  }

  private static AuthSettings settings(boolean enabled, Map<String, Object> overrides) {
    return AuthSettings.fromConfig(ConfigFactory.parseMap(overrides, "test")
        .withFallback(ConfigFactory.parseMap(Map.of(
            "atrium.http.auth.enabled", enabled,
            "atrium.http.auth.jwt.hs256-secret", HS256_SECRET,
            "atrium.http.auth.jwt.issuer", ISSUER,
            "atrium.http.auth.jwt.audience", AUDIENCE)))
        .withFallback(ConfigFactory.defaultReference()));
  }
}
