package io.atrium.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --name value} options of the bench mains. An unknown or value-less option stops the program:
 * a typo must not silently fall back to a default and measure something else.
 */
record Flags(Map<String, String> values) {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

  static Flags parse(String[] args, Set<String> known) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : "";
      if (!known.contains(name) || i + 1 >= args.length) {
        throw new IllegalArgumentException("bad option '" + args[i] + "'; known: --" + String.join(", --", known));
      }
      values.put(name, args[i + 1]);
    }
    return new Flags(Map.copyOf(values));
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  int positiveInt(String name, int fallback) {
    int value = values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    if (value <= 0) {
      throw new IllegalArgumentException("--" + name + " must be positive, was " + value);
    }
    return value;
  }

  /** Accepts wrk's spelling: {@code 20s}, {@code 500ms}, {@code 1m}; a bare number is seconds. */
  Duration duration(String name, Duration fallback) {
    if (!values.containsKey(name)) {
      return fallback;
    }
    Matcher matcher = DURATION.matcher(values.get(name));
    if (!matcher.matches()) {
      throw new IllegalArgumentException("--" + name + " must look like 20s, 500ms or 1m, was " + values.get(name));
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "s" : matcher.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofSeconds(amount);
    };
  }
}
