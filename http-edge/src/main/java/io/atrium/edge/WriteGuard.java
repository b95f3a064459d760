package io.atrium.edge;

import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A condition under which this node refuses writes at once, while reads go on (they are served by
 * entities in memory). Each guard answers with its own 503, so a client learns why.
 */
public interface WriteGuard {

  /** The answer to give a write now, or empty when writes may pass. */
  Optional<HttpResponse> refusal();

  /** Passes reads; answers a write with the first refusal among {@code guards}. */
  static Route guard(List<WriteGuard> guards, Route inner) {
    return Directives.extractMethod(method -> {
      String name = method.value();
      if (name.equals("GET") || name.equals("HEAD")) {
        return inner;
      }
      for (WriteGuard guard : guards) {
        Optional<HttpResponse> refusal = guard.refusal();
        if (refusal.isPresent()) {
          return Directives.complete(refusal.get());
        }
      }
      return inner;
    });
  }
}
