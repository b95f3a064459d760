package io.atrium.sharding.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.sharding.streams.StreamReply.Summary;
import io.atrium.sharding.streams.StreamSnapshot.SketchSnapshot;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class LogSketchTest {

  private static final int[] PER_MILLE = {500, 900, 990, 999};
  private static final int N = 20_000;

  @Test
  void theStatedErrorBoundIsJustUnderOnePercent() {
    assertEquals(0.0099, LogSketch.RELATIVE_ERROR, 0.00005);
  }

  @Test
  void everyMagnitudeIsReportedWithinTheBoundByItsBucket() {
    Random random = new Random(1);
    for (int i = 0; i < 200_000; i++) {
      double magnitude = Math.pow(10, random.nextDouble() * 600 - 300);
      double reported = LogSketch.valueOf(LogSketch.bucketOf(magnitude));
      assertWithinBound(magnitude, reported, "magnitude " + magnitude);
    }
  }

  @Test
  void bucketBoundsArePowersOfGammaAnchoredAtPowersOfTwo() {
    for (int exponent = -1022; exponent <= 1023; exponent++) {
      double power = Math.scalb(1.0, exponent);
      // Bucket i holds (γ^(i-1), γ^i]: 2^e is the top of bucket 35e, the next double starts 35e+1.
      assertEquals(35 * exponent, LogSketch.bucketOf(power));
      assertEquals(35 * exponent + 1, LogSketch.bucketOf(Math.nextUp(power)));
      assertEquals(35 * exponent, LogSketch.bucketOf(Math.nextDown(power)),
          "the double below 2^e is in the bucket whose top is 2^e");
    }
  }

  @Test
  void bucketsNeverDecreaseAsMagnitudesGrow() {
    double[] magnitudes = new Random(2).doubles(100_000, -20, 20).map(x -> Math.pow(10, x)).sorted().toArray();
    for (int i = 1; i < magnitudes.length; i++) {
      assertTrue(LogSketch.bucketOf(magnitudes[i - 1]) <= LogSketch.bucketOf(magnitudes[i]));
    }
  }

  @Test
  void quantilesOfLatencyLikeValues() {
    Random random = new Random(3);
    assertQuantilesWithinBound(() -> Math.exp(random.nextGaussian() * 1.5 + 3));
  }

  @Test
  void quantilesOfUniformValues() {
    Random random = new Random(4);
    assertQuantilesWithinBound(() -> random.nextDouble() * 1000);
  }

  @Test
  void quantilesOfIntegers() {
    Random random = new Random(5);
    assertQuantilesWithinBound(() -> random.nextInt(10_000));
  }

  @Test
  void quantilesOfNegativeValues() {
    Random random = new Random(6);
    assertQuantilesWithinBound(() -> -Math.exp(random.nextGaussian() * 2));
  }

  @Test
  void quantilesOfMixedSignsWithManyZeros() {
    Random random = new Random(7);
    assertQuantilesWithinBound(() -> {
      int kind = random.nextInt(3);
      return kind == 0 ? 0.0 : (kind == 1 ? -1 : 1) * random.nextDouble() * 50;
    });
  }

  @Test
  void quantilesAcrossSixteenOrdersOfMagnitudePerSign() {
    Random random = new Random(8);
    assertQuantilesWithinBound(() -> (random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextDouble() * 16 - 8));
  }

  @Test
  void identicalValuesAreReportedExactly() {
    LogSketch sketch = new LogSketch();
    for (int i = 0; i < 1000; i++) {
      sketch.add(42.5);
    }
    Summary summary = sketch.summary();
    assertEquals(new Summary(1000, 42_500, 42.5, 42.5, 42.5, 42.5, 42.5, 42.5, 42.5), summary);
  }

  @Test
  void zerosAreExact() {
    LogSketch sketch = new LogSketch();
    sketch.add(0.0);
    sketch.add(-0.0);
    sketch.add(0.0);
    assertEquals(new Summary(3, 0, 0, 0, 0, 0, 0, 0, 0), sketch.summary());
  }

  @Test
  void quantilesUseTheNearestRank() {
    LogSketch sketch = new LogSketch();
    sketch.add(10);
    sketch.add(30);
    Summary two = sketch.summary();
    assertEquals(10, two.p50(), 10 * LogSketch.RELATIVE_ERROR, "rank ⌈0.5·2⌉ = 1");
    assertEquals(30, two.p90(), 30 * LogSketch.RELATIVE_ERROR, "rank ⌈0.9·2⌉ = 2");
    assertEquals(30, two.p999(), 30 * LogSketch.RELATIVE_ERROR);

    LogSketch hundred = new LogSketch();
    for (int i = 1; i <= 100; i++) {
      hundred.add(i);
    }
    Summary summary = hundred.summary();
    assertEquals(50, summary.p50(), 50 * LogSketch.RELATIVE_ERROR, "exactly the 50th, not the 51st");
    assertEquals(90, summary.p90(), 90 * LogSketch.RELATIVE_ERROR);
    assertEquals(99, summary.p99(), 99 * LogSketch.RELATIVE_ERROR);
    assertEquals(100, summary.p999(), 100 * LogSketch.RELATIVE_ERROR, "rank 100: the maximum");
  }

  @Test
  void oneValue() {
    LogSketch sketch = new LogSketch();
    sketch.add(-7.25);
    assertEquals(new Summary(1, -7.25, -7.25, -7.25, -7.25, -7.25, -7.25, -7.25, -7.25), sketch.summary());
  }

  @Test
  void countSumMinMaxAndMeanAreExact() {
    LogSketch sketch = new LogSketch();
    double[] values = {3, -1.5, 0, 10, 2.25};
    for (double v : values) {
      sketch.add(v);
    }
    Summary summary = sketch.summary();
    assertEquals(5, summary.count());
    assertEquals(13.75, summary.sum());
    assertEquals(-1.5, summary.min());
    assertEquals(10, summary.max());
    assertEquals(2.75, summary.mean());
  }

  @Test
  void emptySketchHasNoSummary() {
    assertNull(new LogSketch().summary());
  }

  @Test
  void subnormalAndExtremeValuesAreCountedWithoutFailing() {
    LogSketch sketch = new LogSketch();
    double[] values = {Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL / 3, Double.MAX_VALUE, -Double.MAX_VALUE};
    for (double v : values) {
      sketch.add(v);
    }
    Summary summary = sketch.summary();
    assertEquals(5, summary.count());
    assertEquals(-Double.MAX_VALUE, summary.min());
    assertEquals(Double.MAX_VALUE, summary.max());
    assertTrue(Double.isFinite(summary.p50()) && Double.isFinite(summary.p999()), summary.toString());
  }

  @Test
  void aHugeRangeIsFoldedAtTheSmallEndAndKeepsTheLargeEndAccurate() {
    LogSketch sketch = new LogSketch();
    double[] values = new double[60_001];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.pow(10, -300 + i / 100.0); // 1e-300 … 1e300: ~28,000 buckets' worth
      sketch.add(values[i]);
    }
    SketchSnapshot snapshot = sketch.toSnapshot();
    assertEquals(LogSketch.MAX_BUCKETS_PER_SIGN, snapshot.positiveCounts().length, "memory stays bounded");
    assertEquals(values.length, Arrays.stream(snapshot.positiveCounts()).sum(), "no event is lost");
    Summary summary = sketch.summary();
    assertEquals(values.length, summary.count());
    // The top 2048 buckets span ~17.5 decades: 1e283 … 1e300, i.e. the top ~2.9 % of these values.
    assertWithinBound(exact(values, 990), summary.p99(), "p99");
    assertWithinBound(exact(values, 999), summary.p999(), "p999");
    int lowestKept = LogSketch.bucketOf(values[values.length - 1]) - LogSketch.MAX_BUCKETS_PER_SIGN + 1;
    assertEquals(LogSketch.valueOf(lowestKept), summary.p50(), "folded ranks report the lowest kept bucket");
  }

  @Test
  void snapshotRoundTripKeepsEverythingAndKeepsCountingTheSame() {
    Random random = new Random(9);
    LogSketch original = new LogSketch();
    for (int i = 0; i < 5000; i++) {
      original.add(random.nextGaussian() * 100);
    }
    LogSketch restored = LogSketch.fromSnapshot(original.toSnapshot());
    assertEquals(original.toSnapshot(), restored.toSnapshot());
    for (int i = 0; i < 5000; i++) {
      double v = Math.pow(10, random.nextDouble() * 40 - 20) * (random.nextBoolean() ? 1 : -1);
      original.add(v);
      restored.add(v);
    }
    assertEquals(original.toSnapshot(), restored.toSnapshot());
    assertEquals(original.summary(), restored.summary());
  }

  @Test
  void clearedSketchIsEmptyAndReusable() {
    LogSketch sketch = new LogSketch();
    sketch.add(5);
    sketch.add(-5);
    sketch.clear();
    assertEquals(new LogSketch().toSnapshot(), sketch.toSnapshot());
    sketch.add(2);
    assertEquals(new Summary(1, 2, 2, 2, 2, 2, 2, 2, 2), sketch.summary());
  }

  private static void assertQuantilesWithinBound(DoubleSupplier source) {
    LogSketch sketch = new LogSketch();
    double[] values = new double[N];
    for (int i = 0; i < N; i++) {
      values[i] = source.getAsDouble();
      sketch.add(values[i]);
    }
    Arrays.sort(values);
    Summary summary = sketch.summary();
    double[] reported = {summary.p50(), summary.p90(), summary.p99(), summary.p999()};
    for (int k = 0; k < PER_MILLE.length; k++) {
      assertWithinBound(exact(values, PER_MILLE[k]), reported[k], "p" + PER_MILLE[k] + "‰");
    }
    assertEquals(values[0], summary.min());
    assertEquals(values[N - 1], summary.max());
  }

  @Test
  void mergedPartsInAnyOrderEqualOneSketchFedEverythingButTheDoubleSum() {
    Random random = new Random(9);
    // Magnitudes over far more than the 2^58 kept range, both signs and zeros: folding included.
    double[] values = new double[N];
    for (int i = 0; i < N; i++) {
      double magnitude = random.nextInt(20) == 0 ? 0 : Math.pow(10, random.nextDouble() * 80 - 40);
      values[i] = random.nextBoolean() ? magnitude : -magnitude;
    }
    LogSketch all = new LogSketch();
    LogSketch[] parts = new LogSketch[7];
    for (int p = 0; p < parts.length; p++) {
      parts[p] = new LogSketch();
    }
    for (double value : values) {
      all.add(value);
      parts[random.nextInt(parts.length)].add(value);
    }
    for (int order = 0; order < 3; order++) {
      LogSketch merged = new LogSketch();
      for (int p : random.ints(0, parts.length).distinct().limit(parts.length).toArray()) {
        merged.merge(LogSketch.fromSnapshot(parts[p].toSnapshot()));
      }
      SketchSnapshot expected = all.toSnapshot();
      SketchSnapshot actual = merged.toSnapshot();
      assertEquals(withoutSum(expected), withoutSum(actual));
      assertEquals(expected.sum(), actual.sum(), Math.abs(expected.sum()) * 1e-9 + 1e-30);
      assertTrue(Arrays.equals(all.quantiles(1, 500, 999, 1000), merged.quantiles(1, 500, 999, 1000)));
    }
  }

  private static SketchSnapshot withoutSum(SketchSnapshot s) {
    return new SketchSnapshot(s.count(), 0, s.min(), s.max(), s.zeros(), s.positiveLowest(), s.positiveCounts(),
        s.negativeLowest(), s.negativeCounts());
  }

  /** The item of nearest rank ⌈q·n⌉ (q in per mille) in {@code values}: what the sketch approximates. */
  private static double exact(double[] values, int perMille) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    long rank = Math.max(1, ((long) sorted.length * perMille + 999) / 1000);
    return sorted[(int) rank - 1];
  }

  private static void assertWithinBound(double exact, double reported, String what) {
    if (exact == 0) {
      assertEquals(0.0, reported, what);
      return;
    }
    double error = Math.abs(reported - exact) / Math.abs(exact);
    assertTrue(error <= LogSketch.RELATIVE_ERROR * (1 + 1e-9),
        what + ": exact " + exact + ", reported " + reported + ", relative error " + error);
  }
}
