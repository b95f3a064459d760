package io.atrium.sharding.jobs.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HyperLogLogTest {

  @ParameterizedTest(name = "precision {0}")
  @ValueSource(ints = {4, 10, 12, 14})
  void estimatesStayWithinTheDocumentedErrorAcrossTheRange(int precision) {
    HyperLogLog sketch = HyperLogLog.create(precision);
    int next = 1;
    for (int n = 1; n <= 300_000; n = n < 100 ? n + 1 : (int) (n * 1.3)) {
      for (; next <= n; next++) {
        sketch.add("user-" + next);
      }
      long estimate = sketch.estimate();
      assertTrue(Math.abs(estimate - n) <= HyperLogLog.errorBound(precision, n),
          "precision " + precision + ": " + n + " distinct estimated as " + estimate);
    }
  }

  @Test
  void smallCountsAreNearlyExact() {
    HyperLogLog sketch = HyperLogLog.create(12);
    for (int n = 1; n <= 200; n++) {
      sketch.add("u" + n);
      sketch.add("u" + n);
      // Linear-counting regime: sd ≈ n/√(2m), plus rounding.
      assertEquals(n, sketch.estimate(), 3 * n / Math.sqrt(2 * 4096) + 1, "n = " + n);
    }
  }

  @Test
  void anEmptySketchEstimatesZero() {
    assertEquals(0, HyperLogLog.create(12).estimate());
  }

  @Test
  void mergingEqualsOneSketchFedEverythingInAnyOrder() {
    Random random = new Random(4);
    HyperLogLog all = HyperLogLog.create(11);
    HyperLogLog a = HyperLogLog.create(11);
    HyperLogLog b = HyperLogLog.create(11);
    for (int i = 0; i < 50_000; i++) {
      String value = "v" + random.nextInt(30_000);
      all.add(value);
      (random.nextBoolean() ? a : b).add(value);
    }
    HyperLogLog ab = HyperLogLog.fromBytes(a.toBytes());
    ab.merge(b);
    HyperLogLog ba = HyperLogLog.fromBytes(b.toBytes());
    ba.merge(a);
    assertEquals(all, ab);
    assertEquals(all, ba);
    assertEquals(all.estimate(), ab.estimate());
  }

  @Test
  void sparseSketchesAreSmallAndTurnDenseWithoutChangingTheRegisters() {
    Random random = new Random(6);
    HyperLogLog growing = HyperLogLog.create(12);
    List<HyperLogLog> parts = new ArrayList<>();
    for (int n = 1; n <= 3000; n++) {
      String value = "x" + random.nextLong();
      growing.add(value);
      HyperLogLog single = HyperLogLog.create(12);
      single.add(value);
      parts.add(single);
      if (n == 10) {
        assertTrue(growing.toBytes().length <= 2 + 10 * 4, "sparse: " + growing.toBytes().length + " bytes");
      }
      HyperLogLog copy = HyperLogLog.fromBytes(growing.toBytes());
      assertEquals(growing, copy);
      assertEquals(growing.estimate(), copy.estimate());
    }
    assertEquals(2 + 4096, growing.toBytes().length, "dense once 1024 registers are set");
    Collections.shuffle(parts, random);
    HyperLogLog merged = HyperLogLog.create(12);
    parts.forEach(merged::merge);
    assertEquals(growing, merged);
    HyperLogLog denseIntoSparse = HyperLogLog.create(12);
    denseIntoSparse.add("x");
    denseIntoSparse.merge(growing);
    growing.add("x");
    assertEquals(growing, denseIntoSparse);
  }

  @Test
  void precisionsAreCheckedAndNotMixed() {
    assertThrows(IllegalArgumentException.class, () -> HyperLogLog.create(3));
    assertThrows(IllegalArgumentException.class, () -> HyperLogLog.create(19));
    assertThrows(IllegalArgumentException.class, () -> HyperLogLog.create(10).merge(HyperLogLog.create(11)));
    assertThrows(IllegalArgumentException.class, () -> HyperLogLog.fromBytes(new byte[1000]));
    assertThrows(IllegalArgumentException.class, () -> HyperLogLog.fromBytes(new byte[] {12, 0, 1, 2}));
    assertEquals(0.01625, HyperLogLog.standardError(12), 1e-5);
  }
}
