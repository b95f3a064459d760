package io.atrium.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import io.atrium.config.AtriumConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real Cassandra (scripts/test starts one): a key's published sequence number only ever rises. */
class PublishedSequenceNrsIT {

  private static final long PATIENCE_SECONDS = 20;

  @TempDir static Path dataDir;
  private static ActorTestKit testKit;
  private static PublishedSequenceNrs ledger;

  @BeforeAll
  static void start() {
    Config config = AtriumConfig.load(Map.of("ATRIUM_DATA_DIR", dataDir.toString()));
    CassandraSettings settings = CassandraSettings.fromConfig(config);
    new SchemaMigrator(settings).apply();
    testKit = ActorTestKit.create("ledger", config);
    ledger = new PublishedSequenceNrs(testKit.system(), settings);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void savedNumbersAreReadBackAndNeverLowered() throws Exception {
    String projection = "ledger-it-" + UUID.randomUUID();
    // As many keys as a slice saves at once (atrium.events.offset-batch), with long persistence ids:
    // a ~75 KB batch, above Cassandra's batch size limit for multi-partition batches.
    String longId = "record|tenant/collection/" + "k".repeat(100) + "-";
    Map<String, Long> batch = LongStream.rangeClosed(1, 500).boxed()
        .collect(Collectors.toMap(n -> n <= 100 ? "key-" + n : longId + n, Function.identity()));
    await(ledger.save(projection, "slice-0", batch));

    await(ledger.save(projection, "slice-0", Map.of("key-7", 3L, "key-50", 60L)));

    assertEquals(7L, await(ledger.read(projection, "slice-0", "key-7")), "a lower number does not lower it");
    assertEquals(60L, await(ledger.read(projection, "slice-0", "key-50")));
    assertEquals(100L, await(ledger.read(projection, "slice-0", "key-100")));
    assertEquals(500L, await(ledger.read(projection, "slice-0", longId + 500)));
    assertEquals(0L, await(ledger.read(projection, "slice-0", "key-101")), "never published");
    assertEquals(0L, await(ledger.read(projection, "slice-1", "key-7")), "each slice has its own numbers");
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
  }
}
