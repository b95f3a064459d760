package io.atrium.bench;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * "The HTTP stack alone": a bare Pekko HTTP server whose only route, {@code GET /baseline}, answers a
 * fixed JSON body. scripts/bench/records runs it with the node's JVM flags on the node's Pekko HTTP
 * version, and passes a recorded record GET reply as the body, so that the record GET can be compared
 * with the same stack serving the same bytes without sharding, entities or Atrium's routes.
 *
 * <p>{@code java -cp atrium-bench.jar io.atrium.bench.BareHttpBaseline [--host 127.0.0.1] [--port 8090]
 * [--body-file reply.json]}. Stops on SIGTERM (coordinated shutdown unbinds the port).
 */
public final class BareHttpBaseline {

  private static final String DEFAULT_BODY = "{\"status\":\"ok\"}";
  private static final Duration UNBIND_DEADLINE = Duration.ofSeconds(2);

  private BareHttpBaseline() {}

  public static void main(String[] args) throws IOException {
    Flags flags = Flags.parse(args, Set.of("host", "port", "body-file"));
    String host = flags.get("host", "127.0.0.1");
    int port = flags.positiveInt("port", 8090);
    // Built once: the route then costs what the stack costs, not what building a reply costs.
    HttpResponse response = HttpResponse.create()
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body(flags)));

    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bare-http-baseline");
    Http.get(system).newServerAt(host, port).bind(route(response))
        .thenAccept(binding -> {
          binding.addToCoordinatedShutdown(UNBIND_DEADLINE, system);
          System.out.println("BareHttpBaseline listening on http://" + host + ":" + port + "/baseline");
        })
        .exceptionally(error -> {
          System.err.println("BareHttpBaseline could not bind " + host + ":" + port + ": " + error);
          System.exit(1);
          return null;
        });
  }

  static Route route(HttpResponse response) {
    return path("baseline", () -> get(() -> complete(response)));
  }

  private static byte[] body(Flags flags) throws IOException {
    String file = flags.get("body-file", "");
    return file.isEmpty() ? DEFAULT_BODY.getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(Path.of(file));
  }
}
