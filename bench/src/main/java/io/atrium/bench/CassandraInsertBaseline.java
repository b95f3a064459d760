package io.atrium.bench;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Raw Cassandra driver inserts of the records benchmark's PUT payload: what the durable write costs
 * without Atrium (no HTTP, sharding, entity or serialization), with the journal's driver, consistency
 * level and the same number of requests in flight as wrk has connections.
 *
 * <p>Rows are appended to one partition per key, like the journal's {@code messages} table (one
 * partition per persistence id, one row per event), in its own keyspace {@code atrium_bench}.
 *
 * <p>{@code java -cp atrium-bench.jar io.atrium.bench.CassandraInsertBaseline --payload-file body.json
 * [--concurrency 64] [--duration 20s] [--rounds 1] [--warmup 5s] [--keys 1000]
 * [--contact-point 127.0.0.1:9042] [--datacenter datacenter1] [--consistency QUORUM]}.
 * Prints one {@code RESULT …} line per round (after one unreported warm-up run).
 */
public final class CassandraInsertBaseline {

  private static final String KEYSPACE = "atrium_bench";
  private static final String CREATE_KEYSPACE = "CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE
      + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}";
  private static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + KEYSPACE + ".inserts ("
      + "id text, seq bigint, payload blob, PRIMARY KEY (id, seq))";
  private static final String INSERT = "INSERT INTO " + KEYSPACE + ".inserts (id, seq, payload) VALUES (?, ?, ?)";

  /**
   * The options; the default consistency is the journal's: pekko-persistence-cassandra 1.1.0's
   * reference.conf sets QUORUM for its write profile (one replica here: replication factor 1).
   */
  record Options(InetSocketAddress contactPoint, String datacenter, int concurrency, Duration warmup,
      Duration duration, int rounds, int keys, byte[] payload, ConsistencyLevel consistency) {

    static Options parse(String[] args) throws IOException {
      Flags flags = Flags.parse(args, Set.of("contact-point", "datacenter", "concurrency", "warmup",
          "duration", "rounds", "keys", "payload-file", "consistency"));
      String[] hostPort = flags.get("contact-point", "127.0.0.1:9042").split(":", 2);
      String payloadFile = flags.get("payload-file", "");
      if (payloadFile.isEmpty()) {
        throw new IllegalArgumentException("--payload-file is required (the records benchmark's PUT body)");
      }
      return new Options(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])),
          flags.get("datacenter", "datacenter1"), flags.positiveInt("concurrency", 64),
          flags.duration("warmup", Duration.ofSeconds(5)), flags.duration("duration", Duration.ofSeconds(20)),
          flags.positiveInt("rounds", 1), flags.positiveInt("keys", 1000),
          Files.readAllBytes(Path.of(payloadFile)),
          DefaultConsistencyLevel.valueOf(flags.get("consistency", "QUORUM").toUpperCase(Locale.ROOT)));
    }
  }

  private CassandraInsertBaseline() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    try (CqlSession session = CqlSession.builder()
        .addContactPoint(options.contactPoint())
        .withLocalDatacenter(options.datacenter())
        .build()) {
      session.execute(CREATE_KEYSPACE);
      session.execute(CREATE_TABLE);
      PreparedStatement insert = session.prepare(INSERT);
      System.out.printf(Locale.ROOT, "CassandraInsertBaseline: %d in flight, %s, payload %d bytes%n",
          options.concurrency(), options.consistency(), options.payload().length);
      // The warm-up run is thrown away: JIT, connection pool and Cassandra's own warm-up.
      new ClosedLoop(inserter(session, insert, options)).run(options.concurrency(), options.warmup());
      for (int round = 0; round < options.rounds(); round++) {
        ClosedLoop.Result result = new ClosedLoop(inserter(session, insert, options))
            .run(options.concurrency(), options.duration());
        System.out.println(result.reportLine());
      }
    }
  }

  /** Each call inserts the payload as the next row of a random key's partition. */
  private static Supplier<CompletionStage<?>> inserter(CqlSession session, PreparedStatement insert,
      Options options) {
    ByteBuffer payload = ByteBuffer.wrap(options.payload()).asReadOnlyBuffer();
    // Starts past every earlier run's rows, so a repeated run appends (as the journal does) instead of
    // overwriting.
    AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);
    return () -> session.executeAsync(insert
        .bind(key(options.keys()), sequence.incrementAndGet(), payload.duplicate())
        .setConsistencyLevel(options.consistency()));
  }

  private static String key(int keys) {
    return String.format(Locale.ROOT, "k-%04d", 1 + ThreadLocalRandom.current().nextInt(keys));
  }
}
