package io.atrium.edge.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Names a request by what it does, never by the keys in its path, so that per-route figures stay a
 * small, fixed set: {@code records.get}, {@code records.list}, {@code streams.post}, {@code health.ready}.
 * Service names must be known here; anything else is {@value #UNMATCHED}.
 */
public final class RouteTemplates {

  public static final String UNMATCHED = "unmatched";

  /** The services under {@code /v1}; a new service adds its first path segment here. */
  static final Set<String> SERVICES = Set.of("records", "streams", "jobs", "datasets", "compute");

  /** The edge's own single-segment paths. */
  private static final Set<String> OWN_TOP = Set.of("metrics");

  /** The edge's own fixed paths. */
  private static final Set<String> OWN = Set.of("health/alive", "health/ready", "ops/cluster", "ops/load", "ops/balancer",
      "ops/faults");

  private RouteTemplates() {}

  /**
   * {@code /v1/{service}/...}: {@code service.method}, except a GET of the service or of one
   * collection under it, which lists ({@code service.list}). The edge's own paths: {@code health.ready}
   * and the like.
   */
  public static String of(String method, String path) {
    List<String> segments = segments(path);
    if (segments.size() >= 2 && segments.get(0).equals("v1") && SERVICES.contains(segments.get(1))) {
      String verb = method.toLowerCase(Locale.ROOT);
      boolean collection = segments.size() <= 3;
      return segments.get(1) + "." + (collection && verb.equals("get") ? "list" : verb);
    }
    if (segments.size() == 2 && OWN.contains(segments.get(0) + "/" + segments.get(1))) {
      return segments.get(0) + "." + segments.get(1);
    }
    if (segments.size() == 1 && OWN_TOP.contains(segments.get(0))) {
      return segments.get(0);
    }
    return UNMATCHED;
  }

  /** Whether the path belongs to the services (and so to admission control and metering). */
  public static boolean isService(String path) {
    return path.equals("/v1") || path.startsWith("/v1/");
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>(4);
    for (String segment : path.split("/", 5)) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return segments;
  }
}
