package io.atrium.sharding.jobs.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {

  private static final ByteString LINES = ByteString.fromString(
      "{\"region\":\"eu\",\"amount\":1.5}\n".repeat(1000) + "{\"region\":\"üs\",\"amount\":-2}\n",
      StandardCharsets.UTF_8);

  @Test
  void linesComeBackAsTheyWentInAndTakeLessRoom() {
    ByteBuffer stored = ChunkCodec.compress(LINES);

    assertTrue(stored.remaining() < LINES.size() / 3, "stored " + stored.remaining() + " of " + LINES.size());
    assertEquals(LINES, ChunkCodec.decompress(ChunkCodec.LZ4, stored));
  }

  @Test
  void aChunkStoredBeforeCodecsIsReadAsItIs() {
    assertEquals(LINES, ChunkCodec.decompress(null, LINES.asByteBuffer()));
  }

  @Test
  void anUnknownCodecOrATruncatedBlockFailsInsteadOfReturningWrongLines() {
    ByteBuffer stored = ChunkCodec.compress(LINES);
    assertThrows(IllegalStateException.class, () -> ChunkCodec.decompress("zstd", stored));

    ByteBuffer truncated = stored.duplicate().limit(stored.limit() - 10);
    assertThrows(RuntimeException.class, () -> ChunkCodec.decompress(ChunkCodec.LZ4, truncated));
  }
}
