package io.atrium.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.typesafe.config.ConfigFactory;
import io.atrium.sharding.jobs.JobSettings;
import io.atrium.sharding.jobs.aggregate.AggregateJob;
import io.atrium.sharding.jobs.aggregate.AggregateParams;
import io.atrium.sharding.jobs.aggregate.AggregatePartial;
import io.atrium.sharding.jobs.aggregate.AggregateResult;
import io.atrium.sharding.jobs.rows.ChunkRows;
import io.atrium.sharding.jobs.rows.CsvHeader;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import io.atrium.sharding.jobs.rows.LineParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The baseline of the jobs benchmark: Atrium's own aggregate code (row parsing, per-chunk partials,
 * merge) run on one thread in one process over a file — no Kafka, no Cassandra, no cluster. The
 * file is read into memory first (not timed); each round then cuts it into chunks of whole lines of
 * {@code atrium.jobs.chunk-bytes}, processes them one after another and merges the partials.
 *
 * <p>{@code java -cp atrium-bench.jar io.atrium.bench.SingleThreadedAggregate --file data.ndjson
 * [--format ndjson|csv] [--params '{"groupBy":["region","product"],"field":"amount","distinct":"user"}']
 * [--rounds 3] [--print-result false]}. Prints one {@code RESULT …} line per round; the first round
 * warms up the JIT and is reported as {@code WARMUP}.
 */
public final class SingleThreadedAggregate {

  private static final String DEFAULT_PARAMS =
      "{\"groupBy\":[\"region\",\"product\"],\"field\":\"amount\",\"distinct\":\"user\"}";
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private SingleThreadedAggregate() {}

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parse(args, Set.of("file", "format", "params", "rounds", "print-result"));
    String file = flags.get("file", "");
    if (file.isEmpty()) {
      throw new IllegalArgumentException("--file is required");
    }
    boolean csv = flags.get("format", file.endsWith(".csv") ? "csv" : "ndjson").equals("csv");
    JobSettings settings = JobSettings.fromConfig(ConfigFactory.load());
    AggregateJob job = AggregateJob.create(settings);
    AggregateParams params = job.parseParams(JSON.readTree(flags.get("params", DEFAULT_PARAMS)));
    byte[] data = Files.readAllBytes(Path.of(file));
    int rounds = flags.positiveInt("rounds", 3);
    System.out.printf(Locale.ROOT, "SingleThreadedAggregate: %s, %d bytes, params %s%n", file, data.length, params);
    AggregateResult result = null;
    for (int round = 0; round <= rounds; round++) {
      long start = System.nanoTime();
      Run run = run(job, params, data, csv, settings.chunkBytes());
      double seconds = (System.nanoTime() - start) / 1e9;
      result = run.result();
      System.out.printf(Locale.ROOT, "%s rows=%d chunks=%d groups=%d seconds=%.3f rows_per_s=%.0f%n",
          round == 0 ? "WARMUP" : "RESULT", run.rows(), run.chunks(), result.groups().size(), seconds,
          run.rows() / seconds);
    }
    if (Boolean.parseBoolean(flags.get("print-result", "false"))) {
      System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
    }
  }

  private record Run(long rows, int chunks, AggregateResult result) {}

  private static Run run(AggregateJob job, AggregateParams params, byte[] data, boolean csv, int chunkBytes) {
    int position = 0;
    long line = 1;
    DatasetSchema schema = DatasetSchema.ndjson();
    if (csv) {
      int end = endOfLine(data, 0);
      schema = DatasetSchema.csv(CsvHeader.parse(data, 0, LineParser.withoutCarriageReturn(data, 0, end), 1));
      position = end + 1;
      line = 2;
    }
    List<AggregatePartial> partials = new ArrayList<>();
    long rows = 0;
    while (position < data.length) {
      // A chunk ends at the first line break at or after chunkBytes, like DatasetChunker's.
      int end = Math.min(data.length, endOfLine(data, Math.min(data.length, position + chunkBytes - 1)) + 1);
      byte[] chunk = Arrays.copyOfRange(data, position, end);
      ChunkRows chunkRows = ChunkRows.of(schema, line, chunk);
      partials.add(job.process(params, chunkRows));
      for (byte b : chunk) {
        line += b == '\n' ? 1 : 0;
      }
      position = end;
    }
    AggregateResult result = job.merge(params, partials);
    for (var group : result.groups()) {
      rows += group.count();
    }
    return new Run(rows, partials.size(), result);
  }

  private static int endOfLine(byte[] data, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == '\n') {
        return i;
      }
    }
    return data.length;
  }
}
