package io.atrium.sharding.jobs.aggregate;

import java.util.Arrays;

/**
 * Distinct count of strings in fixed memory: a HyperLogLog of m = 2^p one-byte registers over a
 * 64-bit hash, estimated with Ertl's improved raw estimator ("New cardinality estimation algorithms
 * for HyperLogLog sketches", 2017), which is unbiased over the whole range — small counts included —
 * without HLL++'s empirical bias tables.
 *
 * <p><b>Error:</b> the relative standard error is about 1.04/√m: 1.6 % at p = 12 (4 KiB of registers),
 * 0.8 % at p = 14 (16 KiB); it is smaller below about m distinct values, where the estimator acts
 * like linear counting (sd ≈ n/√(2m)). Errors are near normal: about 95 % of estimates fall within
 * two standard errors, 99.7 % within three; {@link #errorBound} (four, plus one for rounding at tiny
 * counts) is the bound tests hold every estimate to. Hash collisions add an error of order n/2^64.
 *
 * <p>Merging takes the maximum of each register, so it is exact (a merged sketch equals one fed every
 * value) and order-independent. Registers are dense: a sketch costs m bytes however few values it saw.
 */
public final class HyperLogLog {

  public static final int MIN_PRECISION = 4;
  /** 2^18 registers = 256 KiB per sketch: more would make partials too large to ship between nodes. */
  public static final int MAX_PRECISION = 18;
  private static final int HASH_BITS = 64;
  private static final double ALPHA_INFINITY = 1 / (2 * Math.log(2));

  private final int precision;
  private final byte[] registers;

  private HyperLogLog(int precision, byte[] registers) {
    this.precision = precision;
    this.registers = registers;
  }

  public static HyperLogLog create(int precision) {
    return new HyperLogLog(checkPrecision(precision), new byte[1 << precision]);
  }

  /** A sketch with a copy of {@code registers}, as returned by {@link #registers()}. */
  public static HyperLogLog fromRegisters(byte[] registers) {
    int precision = Integer.numberOfTrailingZeros(registers.length);
    if (Integer.bitCount(registers.length) != 1) {
      throw new IllegalArgumentException("register count must be a power of two, was " + registers.length);
    }
    checkPrecision(precision);
    for (byte register : registers) {
      if (register < 0 || register > HASH_BITS - precision + 1) {
        throw new IllegalArgumentException("register value out of range: " + register);
      }
    }
    return new HyperLogLog(precision, registers.clone());
  }

  /** Returns {@code precision} if it is allowed, otherwise throws an {@link IllegalArgumentException}. */
  public static int checkPrecision(int precision) {
    if (precision < MIN_PRECISION || precision > MAX_PRECISION) {
      throw new IllegalArgumentException(
          "precision must be between " + MIN_PRECISION + " and " + MAX_PRECISION + ", was " + precision);
    }
    return precision;
  }

  /** The relative standard error of estimates at {@code precision}: 1.04/√(2^precision). */
  public static double standardError(int precision) {
    return 1.04 / Math.sqrt(1 << precision);
  }

  /**
   * A bound on |estimate − n| that practically every estimate of n distinct values meets (four
   * standard errors, one more unit for rounding): the documented error of a distinct count.
   */
  public static double errorBound(int precision, long n) {
    return 4 * standardError(precision) * n + 1;
  }

  public int precision() {
    return precision;
  }

  public void add(String value) {
    addHash(Hashing.hash64(value));
  }

  void addHash(long hash) {
    int index = (int) (hash >>> (HASH_BITS - precision));
    long rest = hash << precision;
    // Position of the first 1 bit among the remaining 64-p bits; 64-p+1 when they are all zero.
    int rank = rest == 0 ? HASH_BITS - precision + 1 : Long.numberOfLeadingZeros(rest) + 1;
    if (rank > registers[index]) {
      registers[index] = (byte) rank;
    }
  }

  public void merge(HyperLogLog other) {
    if (other.precision != precision) {
      throw new IllegalArgumentException("cannot merge precision " + other.precision + " into " + precision);
    }
    for (int i = 0; i < registers.length; i++) {
      registers[i] = (byte) Math.max(registers[i], other.registers[i]);
    }
  }

  /** A copy of the registers, for a serializable partial result. */
  public byte[] registers() {
    return registers.clone();
  }

  /** The estimated number of distinct values added (Ertl 2017, algorithm 6). */
  public long estimate() {
    int q = HASH_BITS - precision;
    int m = registers.length;
    long[] histogram = new long[q + 2];
    for (byte register : registers) {
      histogram[register]++;
    }
    double z = m * tau(1 - (double) histogram[q + 1] / m);
    for (int k = q; k >= 1; k--) {
      z = 0.5 * (z + histogram[k]);
    }
    z += m * sigma((double) histogram[0] / m);
    return Math.round(ALPHA_INFINITY * m * m / z);
  }

  /** σ(x) = x + Σ_{k≥1} x^(2^k)·2^(k-1), summed until it stops changing. */
  private static double sigma(double x) {
    if (x == 1) {
      return Double.POSITIVE_INFINITY;
    }
    double y = 1;
    double z = x;
    double previous;
    do {
      x *= x;
      previous = z;
      z += x * y;
      y += y;
    } while (z != previous);
    return z;
  }

  /** τ(x) = (1 - x - Σ_{k≥1} (1 - x^(2^-k))²·2^-k) / 3, summed until it stops changing. */
  private static double tau(double x) {
    if (x == 0 || x == 1) {
      return 0;
    }
    double y = 1;
    double z = 1 - x;
    double previous;
    do {
      x = Math.sqrt(x);
      previous = z;
      y *= 0.5;
      z -= (1 - x) * (1 - x) * y;
    } while (z != previous);
    return z / 3;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HyperLogLog that && Arrays.equals(registers, that.registers);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(registers);
  }
}
