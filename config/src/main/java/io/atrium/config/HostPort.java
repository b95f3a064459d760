package io.atrium.config;

import java.util.ArrayList;
import java.util.List;

/** A {@code host:port} pair, parsed strictly so a typo fails at start-up rather than at first use. */
public record HostPort(String host, int port) {

  public HostPort {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is empty");
    }
    Settings.checkPort(port);
  }

  public static HostPort parse(String text) {
    String trimmed = text.trim();
    int colon = trimmed.lastIndexOf(':');
    if (colon <= 0 || colon == trimmed.length() - 1) {
      throw new IllegalArgumentException("'" + trimmed + "' is not host:port");
    }
    try {
      return new HostPort(trimmed.substring(0, colon), Integer.parseInt(trimmed.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + trimmed + "' has a port that is not a number", e);
    }
  }

  /** Parses a comma-separated list; blank entries are ignored, so "" is the empty list. */
  public static List<HostPort> parseList(String commaSeparated) {
    List<HostPort> result = new ArrayList<>();
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        result.add(parse(part));
      }
    }
    return List.copyOf(result);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
