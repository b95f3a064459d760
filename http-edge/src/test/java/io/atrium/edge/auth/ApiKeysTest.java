package io.atrium.edge.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.sharding.Tenant;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

  private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

  @Test
  void anIssuedKeyHasTheDocumentedFormatAndRoundTrips() {
    ApiKeys.Issued issued = ApiKeys.issue(new Tenant("acme"), Role.CLIENT, NOW);
    String token = issued.token();
    assertTrue(token.matches("atr_[0-9a-f]{16}_[A-Za-z0-9_-]{43}"), token);
    ApiKeys.Presented presented = ApiKeys.parse(token).orElseThrow();
    assertEquals(issued.stored().id(), presented.id());
    assertEquals(32, presented.secret().length, "256-bit secret");
    assertTrue(issued.stored().matches(presented.secret()));
    assertEquals(new Principal(new Tenant("acme"), Role.CLIENT, "key:" + presented.id()), issued.stored().principal());
  }

  @Test
  void onlyASaltedHashIsStored() {
    ApiKeys.Issued issued = ApiKeys.issue(new Tenant("acme"), Role.ADMIN, NOW);
    byte[] secret = ApiKeys.parse(issued.token()).orElseThrow().secret();
    StoredKey stored = issued.stored();
    assertEquals(16, stored.salt().length);
    assertArrayEquals(ApiKeys.hash(stored.salt(), secret), stored.secretHash());
    assertFalse(java.util.Arrays.equals(secret, stored.secretHash()));
    // The same secret under another salt hashes differently.
    assertFalse(java.util.Arrays.equals(ApiKeys.hash(new byte[16], secret), stored.secretHash()));
    assertFalse(stored.toString().contains(Base64.getUrlEncoder().withoutPadding().encodeToString(secret)));
    assertFalse(issued.toString().contains(issued.token()));
  }

  @Test
  void aWrongSecretDoesNotMatch() {
    ApiKeys.Issued issued = ApiKeys.issue(new Tenant("acme"), Role.CLIENT, NOW);
    byte[] secret = ApiKeys.parse(issued.token()).orElseThrow().secret();
    secret[31] ^= 1;
    assertFalse(issued.stored().matches(secret));
  }

  @Test
  void everyIssuedKeyIsDifferent() {
    Set<String> ids = new HashSet<>();
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ApiKeys.Issued issued = ApiKeys.issue(new Tenant("acme"), Role.CLIENT, NOW);
      assertTrue(ids.add(issued.stored().id()));
      assertTrue(tokens.add(issued.token()));
    }
  }

  @Test
  void malformedKeysDoNotParse() {
    String good = ApiKeys.issue(new Tenant("acme"), Role.CLIENT, NOW).token();
    assertTrue(ApiKeys.parse(good).isPresent());
    for (String bad : new String[] {
        "", "atr_", good.substring(0, good.length() - 1), good + "A", "xtr_" + good.substring(4),
        good.substring(0, 4) + good.substring(4, 20).toUpperCase(java.util.Locale.ROOT) + good.substring(20),
        good.substring(0, 20) + "-" + good.substring(21), good.substring(0, good.length() - 1) + "!",
        // The same secret spelled with other unused low bits in the last character.
        good.substring(0, good.length() - 1) + (char) (good.charAt(good.length() - 1) ^ 1)}) {
      if (!bad.equals(good)) {
        assertTrue(ApiKeys.parse(bad).isEmpty(), bad);
      }
    }
  }
}
