package io.atrium.sharding.streams;

import io.atrium.sharding.streams.StreamReply.Summary;
import io.atrium.sharding.streams.StreamSnapshot.SketchSnapshot;
import java.util.Arrays;

/**
 * Count, sum, min, max and quantiles of arbitrary finite doubles (negative, zero, positive), with a
 * bounded relative error — a DDSketch-style log-bucket sketch.
 *
 * <p>Magnitudes fall into buckets whose bounds grow by γ = 2^(1/35) ≈ 1.0200: bucket {@code i} holds
 * (γ^(i-1), γ^i]. Each sign has its own buckets; zeros are counted exactly. A quantile is answered
 * with the bucket's midpoint 2γ^i/(1+γ), clamped to [min, max]; for any value in the bucket that is
 * within (γ-1)/(γ+1) ≈ 0.99 % of it. Counts are exact, so the bucket holding the item of rank
 * ⌈q·count⌉ is found exactly: <b>every reported quantile is within 0.99 % (relative) of the exact
 * value at that rank</b>. The exceptions: subnormal magnitudes (below 2.2·10^-308), and
 * magnitudes more than {@link #MAX_BUCKETS_PER_SIGN} buckets (2^58 ≈ 2.9·10^17 times) below the
 * largest magnitude of the same sign, which are folded into the lowest kept bucket.
 *
 * <p>Buckets are found with integer arithmetic on the double's exponent and a 36-entry table of
 * bounds for the significand — no {@code Math.log}, whose last bit may differ between the JIT and
 * the interpreter. So the same events always land in the same buckets, and a state rebuilt from
 * events equals one restored from a snapshot, bit for bit. Sketches merge by adding counts.
 *
 * <p>The bucket layout (γ and the cap) is part of the snapshot format, hence constants and not
 * configuration: a changed layout would make existing snapshots meaningless.
 *
 * <p>Public for the jobs' aggregate, which merges sketches of chunks. Count, min, max, zeros and
 * buckets merge exactly and in any order (folding depends only on the final largest bucket), so
 * merged quantiles equal those of one sketch fed everything; the double {@code sum} does not (it
 * is rounded at every addition) — callers that need an order-independent sum keep their own.
 */
public final class LogSketch {

  static final int BUCKETS_PER_OCTAVE = 35;
  static final double GAMMA = StrictMath.pow(2, 1.0 / BUCKETS_PER_OCTAVE);
  /** The bound on the relative error of every reported quantile: (γ-1)/(γ+1) ≈ 0.0099. */
  static final double RELATIVE_ERROR = (GAMMA - 1) / (GAMMA + 1);
  /** Buckets per sign: 2048 / 35 ≈ 58.5 octaves of magnitude at full accuracy. */
  static final int MAX_BUCKETS_PER_SIGN = 2048;

  /** The quantiles reported in every {@link Summary}, in its order: p50, p90, p99, p999. */
  private static final long[] QUANTILES_PER_MILLE = {500, 900, 990, 999};
  /** BOUNDS[j] = 2^(j/35): the upper bound of bucket {@code 35e + j} is BOUNDS[j]·2^e. */
  private static final double[] BOUNDS = new double[BUCKETS_PER_OCTAVE + 1];
  private static final double MIDPOINT = 2 / (1 + GAMMA);
  private static final long SIGNIFICAND_BITS = 0x000F_FFFF_FFFF_FFFFL;
  private static final long EXPONENT_OF_ONE = 0x3FF0_0000_0000_0000L;
  /** Subnormals are scaled into the normal range (exactly: a power of two) before bucketing. */
  private static final int SUBNORMAL_SHIFT = 54;

  static {
    for (int j = 0; j <= BUCKETS_PER_OCTAVE; j++) {
      BOUNDS[j] = StrictMath.pow(2, (double) j / BUCKETS_PER_OCTAVE);
    }
    BOUNDS[0] = 1.0;
    BOUNDS[BUCKETS_PER_OCTAVE] = 2.0;
  }

  private long count;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private long zeros;
  private final BucketStore positive;
  private final BucketStore negative;

  public LogSketch() {
    this(new BucketStore(), new BucketStore());
  }

  private LogSketch(BucketStore positive, BucketStore negative) {
    this.positive = positive;
    this.negative = negative;
  }

  /** The bucket of a magnitude {@code > 0}. */
  static int bucketOf(double magnitude) {
    double normal = magnitude;
    int shift = 0;
    if (magnitude < Double.MIN_NORMAL) {
      normal = Math.scalb(magnitude, SUBNORMAL_SHIFT);
      shift = SUBNORMAL_SHIFT;
    }
    int exponent = Math.getExponent(normal) - shift;
    double significand =
        Double.longBitsToDouble(Double.doubleToRawLongBits(normal) & SIGNIFICAND_BITS | EXPONENT_OF_ONE);
    int j = Arrays.binarySearch(BOUNDS, significand);
    return exponent * BUCKETS_PER_OCTAVE + (j >= 0 ? j : -j - 1);
  }

  /** The magnitude reported for a bucket: its midpoint in relative terms. */
  static double valueOf(int bucket) {
    return Math.scalb(BOUNDS[Math.floorMod(bucket, BUCKETS_PER_OCTAVE)] * MIDPOINT,
        Math.floorDiv(bucket, BUCKETS_PER_OCTAVE));
  }

  /** The bucket argument {@code add} expects for {@code value}, computed once per event. */
  static int bucketForValue(double value) {
    return value == 0 ? 0 : bucketOf(Math.abs(value));
  }

  public void add(double value) {
    add(value, bucketForValue(value));
  }

  /** Adds a finite value whose bucket ({@link #bucketForValue}) the caller has already computed. */
  void add(double value, int bucket) {
    count++;
    sum += value;
    if (value < min) {
      min = value;
    }
    if (value > max) {
      max = value;
    }
    if (value > 0) {
      positive.add(bucket);
    } else if (value < 0) {
      negative.add(bucket);
    } else {
      zeros++;
    }
  }

  public long count() {
    return count;
  }

  /** The smallest value added; +∞ when empty. */
  public double min() {
    return min;
  }

  /** The largest value added; -∞ when empty. */
  public double max() {
    return max;
  }

  /** Adds everything {@code other} holds; see the class comment for what merges exactly. */
  public void merge(LogSketch other) {
    count += other.count;
    sum += other.sum;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    zeros += other.zeros;
    positive.addAll(other.positive);
    negative.addAll(other.negative);
  }

  void clear() {
    count = 0;
    sum = 0;
    min = Double.POSITIVE_INFINITY;
    max = Double.NEGATIVE_INFINITY;
    zeros = 0;
    positive.clear();
    negative.clear();
  }

  /** Count, sum, min, max, mean and the quantiles; {@code null} when nothing was added. */
  Summary summary() {
    if (count == 0) {
      return null;
    }
    double[] q = quantiles(QUANTILES_PER_MILLE);
    // -0.0 would print as "-0.0"; an all-zero window reads better as 0.
    return new Summary(count, sum + 0.0, min + 0.0, max + 0.0, sum / count + 0.0, q[0], q[1], q[2], q[3]);
  }

  /**
   * The quantiles {@code perMille} (ascending, in thousandths) in one ascending walk: most negative
   * bucket first, then zeros, then positive buckets. Quantile q is the item of (1-based) rank
   * ⌈q·count⌉, the nearest-rank definition (so p999 of a handful of values is their maximum); ranks
   * use integer arithmetic, free of rounding at exact multiples. Only for a non-empty sketch.
   */
  public double[] quantiles(long... perMille) {
    int n = perMille.length;
    double[] result = new double[n];
    long[] ranks = new long[n];
    for (int k = 0; k < n; k++) {
      ranks[k] = Math.max(1, (count * perMille[k] + 999) / 1000);
    }
    int k = 0;
    long seen = 0;
    for (int b = negative.highest(); b >= negative.lowest() && k < n; b--) {
      seen += negative.countAt(b);
      for (; k < n && seen >= ranks[k]; k++) {
        result[k] = -valueOf(b);
      }
    }
    seen += zeros;
    for (; k < n && seen >= ranks[k]; k++) {
      result[k] = 0.0;
    }
    for (int b = positive.lowest(); b <= positive.highest() && k < n; b++) {
      seen += positive.countAt(b);
      for (; k < n && seen >= ranks[k]; k++) {
        result[k] = valueOf(b);
      }
    }
    for (int i = 0; i < n; i++) {
      result[i] = Math.min(max, Math.max(min, result[i])) + 0.0;
    }
    return result;
  }

  public SketchSnapshot toSnapshot() {
    return new SketchSnapshot(count, sum, min, max, zeros,
        positive.isEmpty() ? 0 : positive.lowest(), positive.toArray(),
        negative.isEmpty() ? 0 : negative.lowest(), negative.toArray());
  }

  public static LogSketch fromSnapshot(SketchSnapshot snapshot) {
    LogSketch sketch = new LogSketch(
        BucketStore.fromArray(snapshot.positiveLowest(), snapshot.positiveCounts()),
        BucketStore.fromArray(snapshot.negativeLowest(), snapshot.negativeCounts()));
    sketch.count = snapshot.count();
    sketch.sum = snapshot.sum();
    sketch.min = snapshot.min();
    sketch.max = snapshot.max();
    sketch.zeros = snapshot.zeros();
    return sketch;
  }
}
