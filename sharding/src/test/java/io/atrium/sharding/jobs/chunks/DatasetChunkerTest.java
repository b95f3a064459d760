package io.atrium.sharding.jobs.chunks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.sharding.jobs.JobSettings;
import io.atrium.sharding.jobs.RandomDataset;
import io.atrium.sharding.jobs.TestJobs;
import io.atrium.sharding.jobs.rows.DataFormat;
import io.atrium.sharding.jobs.rows.MalformedRowException;
import io.atrium.sharding.jobs.rows.Row;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatasetChunkerTest {

  private static final int CHUNK_BYTES = 4096;
  private static final int MAX_LINE_BYTES = 1000;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final JobSettings SETTINGS = new JobSettings(CHUNK_BYTES, MAX_LINE_BYTES,
      TestJobs.SETTINGS.defaultPrecision(), TestJobs.SETTINGS.maxGroups(), TestJobs.SETTINGS.maxTopK(),
      TestJobs.SETTINGS.importFailureExamples());

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("DatasetChunkerTest");
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @ParameterizedTest
  @EnumSource(DataFormat.class)
  void chunksHoldWholeValidatedLinesEachReadableOnItsOwn(DataFormat format) throws Exception {
    RandomDataset dataset = RandomDataset.generate(11, 3000);
    String body = dataset.render(format);

    List<Chunk> chunks = chunk(format, pieces(body, 12));

    assertTrue(chunks.size() > 10, "several chunks: " + chunks.size());
    long expectedLine = format == DataFormat.CSV ? 2 : 1;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      Chunk chunk = chunks.get(i);
      assertEquals(i, chunk.index());
      assertEquals(expectedLine, chunk.firstLine(), "chunk " + i + " starts where the previous one ended");
      if (i < chunks.size() - 1) {
        assertTrue(chunk.bytes() >= CHUNK_BYTES && chunk.bytes() < CHUNK_BYTES + MAX_LINE_BYTES, "size " + chunk.bytes());
      }
      List<Row> chunkRows = new ArrayList<>();
      chunk.parse().forEach(chunkRows::add);
      assertEquals(chunk.rows(), chunkRows.size());
      rows.addAll(chunkRows);
      expectedLine += lines(chunk);
    }
    assertEquals(dataset.parsedRows(format).toString(), rows.toString(), "every row once, in order, same line");
    if (format == DataFormat.CSV) {
      assertEquals(RandomDataset.COLUMNS, chunks.get(0).schema().columns());
    }
  }

  @Test
  void blankLinesAreKeptSoLineNumbersMatchTheUpload() throws Exception {
    List<Chunk> chunks = chunk(DataFormat.CSV, List.of("\r\na,b\r\n\r\n1,2\r\n", "\n3,4"));
    assertEquals(1, chunks.size());
    assertEquals(3, chunks.get(0).firstLine());
    assertEquals(2, chunks.get(0).rows());
    List<Long> lines = new ArrayList<>();
    chunks.get(0).parse().forEach(row -> lines.add(row.line()));
    assertEquals(List.of(4L, 6L), lines, "the last line needs no line break");
  }

  @Test
  void datasetsWithoutRowsGiveNoChunks() throws Exception {
    assertEquals(List.of(), chunk(DataFormat.NDJSON, List.of()));
    assertEquals(List.of(), chunk(DataFormat.NDJSON, List.of("\n \n\r\n")));
    assertEquals(List.of(), chunk(DataFormat.CSV, List.of("a,b,c\n")));
  }

  @Test
  void aMalformedRowFailsTheStreamNamingItsLine() {
    StringBuilder body = new StringBuilder();
    for (int i = 1; i < 500; i++) {
      body.append("{\"n\":").append(i).append("}\n");
    }
    body.append("{\"n\":500\n{\"n\":501}\n");
    assertMalformed(500, "invalid JSON", DataFormat.NDJSON, body.toString());
    assertMalformed(3, "expected 2 fields (as in the header), found 3", DataFormat.CSV, "a,b\n1,2\n1,2,3\n");
    assertMalformed(2, "header names column \"a\" twice", DataFormat.CSV, "\na,a\n1,2\n");
  }

  @Test
  void aLineLongerThanTheLimitFailsNamingIt() {
    String longLine = "{\"t\":\"" + "x".repeat(MAX_LINE_BYTES) + "\"}";
    assertMalformed(3, "longer than 1000 bytes", DataFormat.NDJSON, "{}\n{}\n" + longLine + "\n{}\n");
    assertMalformed(1, "longer than 1000 bytes", DataFormat.NDJSON, longLine);
  }

  @Test
  void chunksFlowBeforeTheBodyEnds() throws Exception {
    String rows = "{\"n\":1234567890}\n".repeat(CHUNK_BYTES / 10);
    // A body that never ends: the first chunk must still come out.
    Chunk first = Source.single(ByteString.fromString(rows))
        .concat(Source.never())
        .via(DatasetChunker.flow(DataFormat.NDJSON, SETTINGS))
        .runWith(Sink.head(), testKit.system())
        .toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(0, first.index());
    assertTrue(first.bytes() >= CHUNK_BYTES);
  }

  private static void assertMalformed(long line, String reasonStart, DataFormat format, String body) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> chunk(format, pieces(body, 3)));
    MalformedRowException cause = assertInstanceOf(MalformedRowException.class, e.getCause());
    assertEquals(line, cause.line(), cause.getMessage());
    assertTrue(cause.reason().startsWith(reasonStart), cause.getMessage());
  }

  private static List<Chunk> chunk(DataFormat format, List<String> pieces) throws Exception {
    return Source.from(pieces)
        .map(ByteString::fromString)
        .via(DatasetChunker.flow(format, SETTINGS))
        .runWith(Sink.seq(), testKit.system())
        .toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The body in pieces of random sizes, as a network would deliver it: lines span pieces. */
  private static List<String> pieces(String body, long seed) {
    Random random = new Random(seed);
    List<String> pieces = new ArrayList<>();
    for (int from = 0; from < body.length(); ) {
      int to = Math.min(body.length(), from + 1 + random.nextInt(700));
      pieces.add(body.substring(from, to));
      from = to;
    }
    return pieces;
  }

  private static long lines(Chunk chunk) {
    return new String(chunk.data().toArray(), StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
  }
}
