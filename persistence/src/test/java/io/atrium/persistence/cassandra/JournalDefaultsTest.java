package io.atrium.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.atrium.config.AtriumConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The journal skips what Atrium never uses — event deletes and the persistenceIds query — which costs
 * every new entity a metadata read and an all_persistence_ids write; Atrium's layer must win over the
 * plugin's own defaults, which turn both on.
 */
class JournalDefaultsTest {

  private static final String JOURNAL = "pekko.persistence.cassandra.journal.";

  @Test
  void theJournalNeitherReadsDeletedSequenceNumbersNorWritesAllPersistenceIds() {
    Config plugin = ConfigFactory.defaultReference();
    assertTrue(plugin.getBoolean(JOURNAL + "support-deletes"), "the plugin's default this overrides");
    assertTrue(plugin.getBoolean(JOURNAL + "support-all-persistence-ids"), "the plugin's default this overrides");

    Config config = AtriumConfig.load(Map.of());
    assertFalse(config.getBoolean(JOURNAL + "support-deletes"));
    assertFalse(config.getBoolean(JOURNAL + "support-all-persistence-ids"));
  }
}
