package io.atrium.sharding.jobs.chunks;

import io.atrium.sharding.jobs.JobSettings;
import io.atrium.sharding.jobs.rows.DataFormat;
import io.atrium.sharding.jobs.rows.MalformedRowException;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.scaladsl.Framing.FramingException;
import org.apache.pekko.util.ByteString;

/**
 * Cuts a dataset body (NDJSON or CSV bytes, in pieces of any size) into {@link Chunk}s of whole,
 * validated lines, in order, holding at most one chunk and one line in memory. The stream fails with
 * a {@link MalformedRowException} naming the first bad line (a line longer than
 * {@code max-line-bytes} included), so the caller can store chunks as they come and discard them all
 * on failure.
 */
public final class DatasetChunker {

  private static final ByteString NEWLINE = ByteString.fromString("\n");

  private DatasetChunker() {}

  public static Flow<ByteString, Chunk, NotUsed> flow(DataFormat format, JobSettings settings) {
    // One accumulator per materialization: it is the stream's state, and the error mapping needs its
    // line count to name the line that was too long.
    return Flow.<ByteString, Chunk, NotUsed>fromMaterializer((materializer, attributes) -> {
      ChunkAccumulator accumulator = new ChunkAccumulator(format, settings.chunkBytes());
      return Flow.<ByteString>create()
          // A last line without a line break is a line too.
          .via(Framing.delimiter(NEWLINE, settings.maxLineBytes(), FramingTruncation.ALLOW))
          .mapError(FramingException.class, e -> new MalformedRowException(accumulator.lines() + 1,
              "longer than " + settings.maxLineBytes() + " bytes (atrium.jobs.max-line-bytes)"))
          .statefulMap(() -> accumulator,
              (state, line) -> Pair.create(state, state.accept(line)),
              state -> Optional.of(state.finish()))
          .filter(Optional::isPresent)
          .map(Optional::get);
    }).mapMaterializedValue(ignored -> NotUsed.getInstance());
  }
}
