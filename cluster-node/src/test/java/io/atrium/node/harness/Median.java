package io.atrium.node.harness;

import java.util.List;

/** The median the chaos and soak reports quote. */
public final class Median {

  private Median() {}

  /** The middle value, or the mean of the two middle ones; 0 for no values. */
  public static double of(List<Double> values) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
