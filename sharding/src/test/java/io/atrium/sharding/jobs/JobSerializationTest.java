package io.atrium.sharding.jobs;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.atrium.sharding.jobs.aggregate.AggregateJob;
import io.atrium.sharding.jobs.aggregate.AggregateParams;
import io.atrium.sharding.jobs.aggregate.AggregatePartialSerializer;
import io.atrium.sharding.jobs.imports.ImportCounts;
import io.atrium.sharding.jobs.imports.ImportFailureReason;
import io.atrium.sharding.jobs.imports.ImportParams;
import io.atrium.sharding.jobs.imports.ImportTally;
import io.atrium.sharding.jobs.rows.DataFormat;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import io.atrium.sharding.jobs.topk.TopKJob;
import io.atrium.sharding.jobs.topk.TopKParams;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Partials, results and params survive the node's real serialization (its bindings) unchanged. */
class JobSerializationTest {

  private static ActorTestKit testKit;
  private static SerializationTestKit serialization;

  @BeforeAll
  static void start() {
    Config config = ConfigFactory.parseString("pekko.loglevel = WARNING")
        .withFallback(ConfigFactory.parseResources("atrium-defaults.conf"))
        .withFallback(ConfigFactory.load())
        .resolve();
    testKit = ActorTestKit.create("JobSerializationTest", config);
    serialization = new SerializationTestKit(testKit.system());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aggregatePartialsAndResults() {
    AggregateJob job = AggregateJob.create(TestJobs.SETTINGS);
    AggregateParams params = new AggregateParams(List.of("region", "product"), "amount", "user", 8);
    RandomDataset dataset = RandomDataset.generate(1, 300);
    var partial = job.process(params, dataset.parsedRows(DataFormat.NDJSON));
    serialization.verifySerialization(params, true);
    serialization.verifySerialization(partial, true);
    serialization.verifySerialization(job.finish(params, partial), true);
    serialization.verifySerialization(job.empty(params), true);
    assertInstanceOf(AggregatePartialSerializer.class,
        SerializationExtension.get(Adapter.toClassic(testKit.system())).findSerializerFor(partial),
        "aggregate partials are stored in their compact form, not as CBOR");
  }

  @Test
  void topKPartialsAndResults() {
    TopKJob job = TopKJob.create(TestJobs.SETTINGS);
    TopKParams params = new TopKParams("text", 5, true);
    var partial = job.process(params, RandomDataset.generate(2, 300).parsedRows(DataFormat.CSV));
    serialization.verifySerialization(params, true);
    serialization.verifySerialization(partial, true);
    serialization.verifySerialization(job.finish(params, partial), true);
  }

  @Test
  void importCountsAndSchemas() {
    ImportTally tally = new ImportTally(3);
    tally.created();
    tally.updated();
    tally.failed(7, ImportFailureReason.NO_KEY, "field \"id\" is absent or null");
    ImportCounts counts = tally.toCounts();
    serialization.verifySerialization(counts, true);
    serialization.verifySerialization(new ImportParams("customers", "id"), true);
    serialization.verifySerialization(DatasetSchema.csv(List.of("a", "b")), true);
    serialization.verifySerialization(DatasetSchema.ndjson(), true);
  }
}
