package io.atrium.sharding.records;

import io.atrium.sharding.Tenant;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Pages of a collection's keys, from the read side (eventually consistent with the entities). */
public interface RecordListing {

  /** One listed key. */
  record Item(String key, long version) {}

  /** A page of keys in key order; {@code nextCursor} is empty on the last page. */
  record Page(List<Item> items, Optional<String> nextCursor) {}

  /** Up to {@code limit} keys starting with {@code prefix}, after the key the cursor stands for. */
  CompletionStage<Page> page(Tenant tenant, String collection, String prefix, int limit, Optional<String> cursor);

  static String encodeCursor(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The key a cursor stands for.
   *
   * @throws IllegalArgumentException when the cursor was not produced by this service
   */
  static String decodeCursor(String cursor) {
    return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
  }
}
