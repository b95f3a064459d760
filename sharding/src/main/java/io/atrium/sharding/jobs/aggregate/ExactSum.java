package io.atrium.sharding.jobs.aggregate;

import java.util.Arrays;

/**
 * The sum of doubles, kept exactly and rounded once when read, so it does not depend on the order
 * of additions or merges — unlike a plain or Kahan sum, which round at every step. Chunks are
 * processed on different nodes and merged in whatever order they finish, and a job must give the
 * same answer every time.
 *
 * <p>Shewchuk's algorithm ("Adaptive precision floating-point arithmetic", 1997; Python's
 * {@code math.fsum}): the exact sum is held as a short list of non-overlapping doubles ("partials")
 * in increasing magnitude, each addition is error-free ({@code TwoSum}). {@link #value()} is the
 * exact sum correctly rounded (to nearest, ties to even). Typical data keeps 1–3 partials, so an
 * addition costs a few floating-point operations. A sum beyond the double range throws.
 */
public final class ExactSum {

  private static final int INITIAL_CAPACITY = 4;

  private double[] partials;
  private int size;

  public ExactSum() {
    this(new double[INITIAL_CAPACITY], 0);
  }

  private ExactSum(double[] partials, int size) {
    this.partials = partials;
    this.size = size;
  }

  /** A sum holding the partials {@link #partials()} returned. */
  public static ExactSum fromPartials(double[] partials) {
    ExactSum sum = new ExactSum();
    sum.addAll(partials);
    return sum;
  }

  /** Adds a finite value. */
  public void add(double value) {
    double x = value;
    int kept = 0;
    for (int j = 0; j < size; j++) {
      double y = partials[j];
      if (Math.abs(x) < Math.abs(y)) {
        double t = x;
        x = y;
        y = t;
      }
      double high = x + y;
      double low = y - (high - x);
      if (low != 0) {
        partials[kept++] = low;
      }
      x = high;
    }
    if (!Double.isFinite(x)) {
      throw new ArithmeticException("sum exceeds the range of a double");
    }
    if (kept == partials.length) {
      partials = Arrays.copyOf(partials, partials.length * 2);
    }
    partials[kept++] = x;
    size = kept;
  }

  public void addAll(ExactSum other) {
    addAll(other.partials());
  }

  private void addAll(double[] values) {
    for (double value : values) {
      add(value);
    }
  }

  /** The exact sum as non-overlapping doubles, smallest magnitude first; for serialization. */
  public double[] partials() {
    return Arrays.copyOf(partials, size);
  }

  /** The exact sum, correctly rounded to the nearest double (ties to even). */
  public double value() {
    if (size == 0) {
      return 0.0;
    }
    int n = size - 1;
    double high = partials[n];
    double low = 0;
    while (n > 0) {
      double x = high;
      double y = partials[--n];
      high = x + y;
      low = y - (high - x);
      if (low != 0) {
        break;
      }
    }
    // The partials below were not added: if they push the same way as the rounding error, the exact
    // sum lies beyond the halfway point that round-half-even resolved, so round the other way.
    if (n > 0 && (low < 0 && partials[n - 1] < 0 || low > 0 && partials[n - 1] > 0)) {
      double y = low * 2;
      double x = high + y;
      if (y == x - high) {
        high = x;
      }
    }
    return high;
  }
}
