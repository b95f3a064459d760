package io.atrium.sharding.jobs.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import io.atrium.sharding.jobs.RandomDataset;
import io.atrium.sharding.jobs.TestJobs;
import io.atrium.sharding.jobs.rows.DataFormat;
import java.io.NotSerializableException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AggregatePartialSerializerTest {

  private static final AggregatePartialSerializer SERIALIZER = new AggregatePartialSerializer();
  private static final AggregateJob JOB = AggregateJob.create(TestJobs.SETTINGS);

  @ParameterizedTest(name = "{0} rows, groupBy {1}, distinct {2}")
  @CsvSource(delimiter = ';', value = {
      "0; region,product; user",
      "1; region; user",
      "500; region,product; user",
      "3000; product; ''",
      "3000; ''; user",
  })
  void readsBackEqualToWhatWasWritten(int rows, String groupBy, String distinct) throws Exception {
    // Random rows carry absent regions (a null in the key), negative, zero and non-numeric amounts.
    AggregateParams params = new AggregateParams(groupBy.isEmpty() ? List.of() : Arrays.asList(groupBy.split(",")),
        "amount", distinct.isEmpty() ? null : distinct, 10);
    AggregatePartial partial = JOB.process(params, RandomDataset.generate(rows, rows).parsedRows(DataFormat.NDJSON));

    byte[] bytes = SERIALIZER.toBinary(partial);

    assertEquals(partial, SERIALIZER.fromBinary(bytes, SERIALIZER.manifest(partial)));
  }

  @Test
  void takesUnderHalfTheBytesOfCborForManySmallGroups() throws Exception {
    AggregateParams params = new AggregateParams(List.of("region", "product", "user"), "amount", "user", 14);
    AggregatePartial partial = JOB.process(params, RandomDataset.generate(7, 5000).parsedRows(DataFormat.NDJSON));
    byte[] cbor = new CBORMapper().registerModule(new ParameterNamesModule()).writeValueAsBytes(partial);

    byte[] compact = SERIALIZER.toBinary(partial);

    assertTrue(compact.length * 2 < cbor.length, compact.length + " bytes vs " + cbor.length + " in CBOR");
  }

  @Test
  void refusesCorruptOrUnknownInputInsteadOfMisreadingIt() {
    AggregateParams params = new AggregateParams(List.of("region"), "amount", "user", 10);
    AggregatePartial partial = JOB.process(params, RandomDataset.generate(3, 200).parsedRows(DataFormat.NDJSON));
    byte[] bytes = SERIALIZER.toBinary(partial);
    String manifest = SERIALIZER.manifest(partial);

    assertThrows(NotSerializableException.class, () -> SERIALIZER.fromBinary(Arrays.copyOf(bytes, bytes.length - 3), manifest));
    assertThrows(NotSerializableException.class, () -> SERIALIZER.fromBinary(Arrays.copyOf(bytes, bytes.length + 1), manifest));
    assertThrows(NotSerializableException.class, () -> SERIALIZER.fromBinary(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x7F}, manifest));
    assertThrows(NotSerializableException.class, () -> SERIALIZER.fromBinary(bytes, "AP0"));
  }
}
