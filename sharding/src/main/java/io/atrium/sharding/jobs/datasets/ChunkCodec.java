package io.atrium.sharding.jobs.datasets;

import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4CompressorWithLength;
import net.jpountz.lz4.LZ4DecompressorWithLength;
import net.jpountz.lz4.LZ4Factory;
import org.apache.pekko.util.ByteString;

/**
 * How a chunk's lines are stored ({@code dataset_chunks.codec}): LZ4 blocks with the length in front.
 * Text compresses to about a third, so Cassandra reads, sends and caches a third of the bytes: in an
 * aggregate job, moving chunk bytes was most of what Cassandra spent. Decompressing costs the node far
 * less (LZ4 decodes at gigabytes per second) than it saves.
 */
final class ChunkCodec {

  static final String LZ4 = "lz4";
  private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
  private static final LZ4CompressorWithLength COMPRESSOR = new LZ4CompressorWithLength(FACTORY.fastCompressor());
  /** The safe decompressor checks its input: a damaged block fails instead of reading out of bounds. */
  private static final LZ4DecompressorWithLength DECOMPRESSOR =
      new LZ4DecompressorWithLength(FACTORY.safeDecompressor());

  private ChunkCodec() {}

  static ByteBuffer compress(ByteString lines) {
    return ByteBuffer.wrap(COMPRESSOR.compress(lines.toArrayUnsafe()));
  }

  /** The lines of a stored chunk; {@code codec} null: stored as they are. */
  static ByteString decompress(String codec, ByteBuffer stored) {
    if (codec == null) {
      return ByteString.fromByteBuffer(stored);
    }
    if (!codec.equals(LZ4)) {
      throw new IllegalStateException("unknown chunk codec " + codec);
    }
    byte[] block = new byte[stored.remaining()];
    stored.duplicate().get(block);
    return ByteString.fromArrayUnsafe(DECOMPRESSOR.decompress(block));
  }
}
