package io.atrium.sharding.jobs.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSumTest {

  @Test
  void isTheCorrectlyRoundedExactSumWhateverTheOrder() {
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      List<Double> values = new ArrayList<>();
      int n = random.nextInt(300);
      for (int i = 0; i < n; i++) {
        // Wildly different magnitudes and signs: where plain summation loses the most.
        values.add((random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextInt(40) - 20) * random.nextDouble());
      }
      double expected = exact(values);
      for (int order = 0; order < 3; order++) {
        Collections.shuffle(values, random);
        assertEquals(expected, sumOf(values), "trial " + trial);
      }
    }
  }

  @Test
  void mergedPartsEqualOneSum() {
    Random random = new Random(8);
    List<Double> values = random.doubles(5000, -1e6, 1e6).boxed().toList();
    ExactSum merged = new ExactSum();
    for (int from = 0; from < values.size(); from += 317) {
      ExactSum part = sumOfExact(values.subList(from, Math.min(values.size(), from + 317)));
      merged.addAll(ExactSum.fromPartials(part.partials()));
    }
    assertEquals(exact(values), merged.value());
  }

  @Test
  void roundsHalfEvenAcrossPartials() {
    // The classic case: plain left-to-right summation gives 1e16, the exact sum rounds to 1e16 + 2.
    assertEquals(10000000000000002.0, sumOf(List.of(1e-16, 1.0, 1e16)));
    assertEquals(1.0, sumOf(List.of(1e100, 1.0, -1e100)));
    assertEquals(0.0, new ExactSum().value());
  }

  @Test
  void overflowIsAnErrorNotInfinity() {
    assertThrows(ArithmeticException.class, () -> sumOf(List.of(Double.MAX_VALUE, Double.MAX_VALUE)));
  }

  private static double sumOf(List<Double> values) {
    return sumOfExact(values).value();
  }

  private static ExactSum sumOfExact(List<Double> values) {
    ExactSum sum = new ExactSum();
    values.forEach(sum::add);
    return sum;
  }

  /** The exact sum in decimal (BigDecimal of a double is exact), rounded once by parseDouble. */
  private static double exact(List<Double> values) {
    BigDecimal sum = BigDecimal.ZERO;
    for (double value : values) {
      sum = sum.add(new BigDecimal(value));
    }
    return Double.parseDouble(sum.toString());
  }
}
