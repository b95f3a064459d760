package io.atrium.sharding.streams;

import java.time.Duration;
import java.util.Optional;

/** The window sizes a stream aggregates over, named as the API names them. */
public enum WindowSize {
  SECOND("1s", Duration.ofSeconds(1)),
  MINUTE("1m", Duration.ofMinutes(1)),
  HOUR("1h", Duration.ofHours(1));

  private final String label;
  private final long millis;

  WindowSize(String label, Duration length) {
    this.label = label;
    this.millis = length.toMillis();
  }

  /** "1s", "1m" or "1h". */
  public String label() {
    return label;
  }

  public long millis() {
    return millis;
  }

  /** The start of the window of this size that holds {@code epochMillis}. */
  public long startOf(long epochMillis) {
    return epochMillis - Math.floorMod(epochMillis, millis);
  }

  public static Optional<WindowSize> fromLabel(String label) {
    for (WindowSize size : values()) {
      if (size.label.equals(label)) {
        return Optional.of(size);
      }
    }
    return Optional.empty();
  }
}
