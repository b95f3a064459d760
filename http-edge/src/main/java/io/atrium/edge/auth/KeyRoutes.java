package io.atrium.edge.auth;

import io.atrium.edge.Json;
import io.atrium.edge.errors.ErrorResponses;
import io.atrium.sharding.Tenant;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /ops/keys}: create (the key is in the reply, once), list (never secrets or hashes), revoke.
 * Admin only, like all of {@code /ops}; an admin manages keys of every tenant.
 */
public final class KeyRoutes extends AllDirectives {

  /** Request body of {@code POST /ops/keys}. */
  public record CreateRequest(String tenant, String role) {}

  /** A key as listed. */
  public record KeyView(String id, String tenant, String role, Instant createdAt, Instant revokedAt) {
    static KeyView of(StoredKey key) {
      return new KeyView(key.id(), key.tenant().id(), key.role().label(), key.createdAt(), key.revokedAt().orElse(null));
    }
  }

  /** Reply to a create: the only time the key itself is shown. */
  public record CreatedView(String id, String tenant, String role, Instant createdAt, String key) {}

  public record ListView(List<KeyView> keys) {}

  private final KeyCache cache;
  private final ApiKeyStore store;
  private final Clock clock;

  public KeyRoutes(KeyCache cache, Clock clock) {
    this.cache = cache;
    this.store = cache.store();
    this.clock = clock;
  }

  public Route route() {
    return pathPrefix("ops", () -> pathPrefix("keys", () -> concat(
        pathEnd(() -> concat(
            post(() -> entity(Jackson.unmarshaller(Json.MAPPER, CreateRequest.class), this::create)),
            get(this::list))),
        path(PathMatchers.segment(), id -> delete(() -> revoke(id))))));
  }

  private Route create(CreateRequest request) {
    Optional<Role> role = Optional.ofNullable(request.role()).flatMap(Role::fromLabel);
    Optional<Tenant> tenant = tenant(request.tenant());
    if (role.isEmpty() || tenant.isEmpty()) {
      return complete(ErrorResponses.error(StatusCodes.BAD_REQUEST, "invalid_request",
          "Send {\"tenant\": \"<id matching [a-z0-9][a-z0-9_-]{0,62}>\", \"role\": \"client\" | \"admin\"}"));
    }
    ApiKeys.Issued issued = ApiKeys.issue(tenant.get(), role.get(), clock.instant());
    CompletionStage<Void> stored = store.insert(issued.stored());
    return onSuccess(stored, done -> {
      cache.added(issued.stored());
      StoredKey key = issued.stored();
      return complete(StatusCodes.CREATED,
          new CreatedView(key.id(), key.tenant().id(), key.role().label(), key.createdAt(), issued.token()),
          Json.marshaller());
    });
  }

  private Route list() {
    return onSuccess(store.all(), keys -> complete(StatusCodes.OK,
        new ListView(keys.stream().sorted(Comparator.comparing(StoredKey::createdAt)).map(KeyView::of).toList()),
        Json.marshaller()));
  }

  private Route revoke(String id) {
    return onSuccess(store.revoke(id, clock.instant()), found -> {
      if (!found) {
        return complete(ErrorResponses.error(StatusCodes.NOT_FOUND, "key_not_found", "No API key '" + id + "'"));
      }
      cache.revoked(id);
      return complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT));
    });
  }

  private static Optional<Tenant> tenant(String id) {
    try {
      return Optional.of(new Tenant(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
