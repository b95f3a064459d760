package io.atrium.edge.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.atrium.config.SettingsException;
import io.atrium.edge.ratelimit.RateLimitSettings.ShareWindow;
import io.atrium.edge.ratelimit.RateLimitSettings.TenantLimit;
import org.junit.jupiter.api.Test;

class RateLimitSettingsTest {

  private static Config withReference(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void defaultsAreDocumentedInReferenceConf() {
    RateLimitSettings settings = RateLimitSettings.fromConfig(withReference(""));
    assertTrue(settings.enabled());
    assertEquals(new TenantLimit(1000, 2000), settings.limitOf("anyone"));
    assertEquals(0.1, settings.minShare());
    assertEquals(ShareWindow.TEN_SECONDS, settings.shareWindow());
  }

  @Test
  void tenantsOverrideTheDefaultByQuotedId() {
    RateLimitSettings settings = RateLimitSettings.fromConfig(withReference("""
        atrium.rate-limit {
          enabled = on
          default { rate = 50, burst = 50 }
          tenants { "acme" { rate = 5, burst = 10 }, "big.co" { rate = 500, burst = 600 } }
          share-window = 1s
        }
        """));
    assertTrue(settings.enabled());
    assertEquals(new TenantLimit(5, 10), settings.limitOf("acme"));
    assertEquals(new TenantLimit(500, 600), settings.limitOf("big.co"));
    assertEquals(new TenantLimit(50, 50), settings.limitOf("other"));
    assertEquals(ShareWindow.ONE_SECOND, settings.shareWindow());
  }

  @Test
  void badValuesNameTheSetting() {
    assertEquals("atrium.rate-limit.default.rate", assertThrows(SettingsException.class, () ->
        RateLimitSettings.fromConfig(withReference("atrium.rate-limit.default.rate = 0"))).setting());
    assertEquals("atrium.rate-limit.tenants.\"acme\".burst", assertThrows(SettingsException.class, () ->
        RateLimitSettings.fromConfig(withReference("atrium.rate-limit.tenants.acme { rate = 1, burst = 0.5 }")))
        .setting());
    assertEquals("atrium.rate-limit.min-share", assertThrows(SettingsException.class, () ->
        RateLimitSettings.fromConfig(withReference("atrium.rate-limit.min-share = 1.5"))).setting());
    assertEquals("atrium.rate-limit.share-window", assertThrows(SettingsException.class, () ->
        RateLimitSettings.fromConfig(withReference("atrium.rate-limit.share-window = 5s"))).setting());
  }
}
