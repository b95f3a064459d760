package io.atrium.sharding.load;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Per-second rates over the last 1, 10 and 60 complete seconds. */
public record Rates(@JsonProperty("1s") double oneSecond, @JsonProperty("10s") double tenSeconds,
                    @JsonProperty("60s") double sixtySeconds) {

  public static final Rates ZERO = new Rates(0, 0, 0);

  public Rates plus(Rates other) {
    return new Rates(oneSecond + other.oneSecond, tenSeconds + other.tenSeconds, sixtySeconds + other.sixtySeconds);
  }
}
