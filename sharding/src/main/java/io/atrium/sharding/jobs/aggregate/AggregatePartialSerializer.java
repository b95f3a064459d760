package io.atrium.sharding.jobs.aggregate;

import io.atrium.sharding.streams.StreamSnapshot.SketchSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * A compact binary form of {@link AggregatePartial}, bound in the sharding module's configuration so
 * that partials stored for a job (and any sent between nodes) use it instead of Jackson CBOR.
 *
 * <p>Why: a 1 MiB chunk of the jobs benchmark has ~4,200 groups of 2–3 rows. In CBOR half of its
 * 0.94 MB partial were field names repeated per group, and most of the rest the value sketch's
 * bucket counts, mostly zeros. Every partial is written to Cassandra before its chunk counts, and
 * Cassandra shares the node's cores, so those bytes cost the job its throughput. Here field names
 * are implied by the order, bucket counts are sparse (index gap, count) pairs and integers are
 * variable-length: the same partial takes about a third of the bytes, and reads back equal to the
 * one written (every double and every array length kept exactly).
 *
 * <p>Manifest {@value #MANIFEST}: the format's version. A new format gets a new manifest and this
 * class keeps reading the old one, as partials of running jobs may be stored in it.
 */
public final class AggregatePartialSerializer extends SerializerWithStringManifest {

  static final String MANIFEST = "AP1";
  /** Fixed: it is stored beside every partial written in this form. */
  private static final int IDENTIFIER = 7301;
  /** Longest bucket array read back; far above the value sketch's 2,048 buckets per sign. */
  private static final int MAX_BUCKETS = 1 << 16;

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    return MANIFEST;
  }

  @Override
  public byte[] toBinary(Object o) {
    if (!(o instanceof AggregatePartial partial)) {
      throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * partial.groups().size() + 16);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeVarLong(out, partial.groups().size());
      for (GroupPartial group : partial.groups()) {
        writeGroup(out, group);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    if (!MANIFEST.equals(manifest)) {
      throw new NotSerializableException("unknown aggregate partial format '" + manifest + "'");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int groups = checkedSize(readVarLong(in), in.available());
      List<GroupPartial> partials = new ArrayList<>(groups);
      for (int i = 0; i < groups; i++) {
        partials.add(readGroup(in));
      }
      if (in.available() > 0) {
        throw new NotSerializableException("aggregate partial has " + in.available() + " trailing bytes");
      }
      return new AggregatePartial(partials);
    } catch (IOException e) {
      NotSerializableException failure = new NotSerializableException("corrupt aggregate partial: " + e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }

  private static void writeGroup(DataOutputStream out, GroupPartial group) throws IOException {
    writeVarLong(out, group.key().size());
    for (String value : group.key()) {
      writeNullableBytes(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
    writeVarLong(out, group.rows());
    SketchSnapshot values = group.values();
    writeVarLong(out, values.count());
    out.writeDouble(values.sum());
    out.writeDouble(values.min());
    out.writeDouble(values.max());
    writeVarLong(out, values.zeros());
    writeVarLong(out, zigZag(values.positiveLowest()));
    writeSparse(out, values.positiveCounts());
    writeVarLong(out, zigZag(values.negativeLowest()));
    writeSparse(out, values.negativeCounts());
    writeVarLong(out, group.sum().length);
    for (double part : group.sum()) {
      out.writeDouble(part);
    }
    writeNullableBytes(out, group.distinct());
  }

  private static GroupPartial readGroup(DataInputStream in) throws IOException {
    String[] key = new String[checkedSize(readVarLong(in), in.available())];
    for (int i = 0; i < key.length; i++) {
      byte[] value = readNullableBytes(in);
      key[i] = value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
    long rows = readVarLong(in);
    // Java evaluates arguments left to right, which is the order writeGroup wrote them in.
    SketchSnapshot values = new SketchSnapshot(readVarLong(in), in.readDouble(), in.readDouble(), in.readDouble(),
        readVarLong(in), (int) unZigZag(readVarLong(in)), readSparse(in), (int) unZigZag(readVarLong(in)),
        readSparse(in));
    double[] sum = new double[checkedSize(readVarLong(in), in.available() / Double.BYTES)];
    for (int i = 0; i < sum.length; i++) {
      sum[i] = in.readDouble();
    }
    // Arrays.asList, like the accumulator's keys: it allows the null of an absent field.
    return new GroupPartial(Arrays.asList(key), rows, values, sum, readNullableBytes(in));
  }

  /** The array's length, its non-zero entries' count, then (gap from the previous index, value) pairs. */
  private static void writeSparse(DataOutputStream out, long[] counts) throws IOException {
    int nonZero = 0;
    for (long count : counts) {
      nonZero += count == 0 ? 0 : 1;
    }
    writeVarLong(out, counts.length);
    writeVarLong(out, nonZero);
    int previous = -1;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        writeVarLong(out, i - previous);
        writeVarLong(out, zigZag(counts[i]));
        previous = i;
      }
    }
  }

  private static long[] readSparse(DataInputStream in) throws IOException {
    long[] counts = new long[checkedSize(readVarLong(in), MAX_BUCKETS)];
    int nonZero = checkedSize(readVarLong(in), counts.length);
    int index = -1;
    for (int i = 0; i < nonZero; i++) {
      index += checkedSize(readVarLong(in), counts.length);
      if (index < 0 || index >= counts.length) {
        throw new IOException("bucket index " + index + " outside " + counts.length + " buckets");
      }
      counts[index] = unZigZag(readVarLong(in));
    }
    return counts;
  }

  /** Length + 1 (0 for {@code null}), then the bytes. */
  private static void writeNullableBytes(DataOutputStream out, byte[] bytes) throws IOException {
    writeVarLong(out, bytes == null ? 0 : bytes.length + 1L);
    if (bytes != null) {
      out.write(bytes);
    }
  }

  private static byte[] readNullableBytes(DataInputStream in) throws IOException {
    long lengthPlusOne = readVarLong(in);
    if (lengthPlusOne == 0) {
      return null;
    }
    byte[] bytes = new byte[checkedSize(lengthPlusOne - 1, in.available())];
    in.readFully(bytes);
    return bytes;
  }

  /** Unsigned LEB128: 7 bits per byte, low bits first, the high bit set on all but the last byte. */
  private static void writeVarLong(DataOutputStream out, long value) throws IOException {
    while ((value & ~0x7FL) != 0) {
      out.writeByte((int) (value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  private static long readVarLong(DataInputStream in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < Long.SIZE; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("variable-length integer longer than 10 bytes");
  }

  private static long zigZag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  private static long unZigZag(long value) {
    return (value >>> 1) ^ -(value & 1);
  }

  /** A length, count or gap read from the bytes, at most {@code limit}: a corrupt one must not allocate gigabytes. */
  private static int checkedSize(long size, int limit) throws IOException {
    if (size < 0 || size > limit) {
      throw new IOException("size " + size + " out of range (at most " + limit + ")");
    }
    return (int) size;
  }
}
