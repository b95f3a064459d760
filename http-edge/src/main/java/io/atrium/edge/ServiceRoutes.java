package io.atrium.edge;

import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The services' routes, authenticated and admission-controlled alike, split by whether they change
 * stored state: {@code stateful} ones (records, streams, datasets, jobs) have their writes refused by the
 * edge's {@link WriteGuard}s (no quorum, storage down); {@code stateless} ones (compute: a POST that only
 * calculates) go on serving whatever the cluster's storage or membership does.
 */
public record ServiceRoutes(List<Route> stateful, List<Route> stateless) {

  public ServiceRoutes {
    stateful = List.copyOf(stateful);
    stateless = List.copyOf(stateless);
  }

  /**
   * Every route, the stateful ones behind {@code guards}, the stateless ones first: a guard answers a
   * write before its route looks at the path, so a guarded route placed first would refuse every
   * write, whatever service it was meant for.
   */
  List<Route> guardedBy(List<WriteGuard> guards) {
    return Stream.concat(stateless.stream(), stateful.stream().map(route -> WriteGuard.guard(guards, route)))
        .toList();
  }
}
