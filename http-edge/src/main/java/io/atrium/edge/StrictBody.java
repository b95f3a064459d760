package io.atrium.edge;

import io.atrium.edge.errors.ErrorResponses;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

/**
 * Reads a whole request body (within the size limit the route set with {@code withSizeLimit}) and
 * answers the client when it cannot: too large is 413, too slow is 408.
 */
public final class StrictBody {

  private StrictBody() {}

  /**
   * The body's bytes. {@code executor} runs the callback: never the JDK default, because Pekko's
   * CompletionStages are Scala's CompletableFuture view, whose plain {@code thenApply} is async on the
   * common pool, and with fewer than 3 cores the JDK backs that with a new thread per call.
   */
  public static CompletionStage<byte[]> read(HttpEntity entity, Duration timeout, ActorSystem<?> system,
      Executor executor) {
    return entity.toStrict(timeout.toMillis(), system).thenApplyAsync(strict -> strict.getData().toArray(), executor);
  }

  /** The 413 or 408 for a body {@link #read} could not read; any other failure is rethrown. */
  public static HttpResponse unreadable(Throwable error, long maxBytes, Duration timeout) {
    Throwable cause = cause(error);
    if (cause instanceof EntityStreamSizeException) {
      return ErrorResponses.error(StatusCodes.CONTENT_TOO_LARGE, "payload_too_large",
          "The body may be at most " + maxBytes + " bytes");
    }
    if (cause instanceof TimeoutException) {
      return ErrorResponses.error(StatusCodes.REQUEST_TIMEOUT, "request_timeout",
          "The body did not arrive within " + timeout.toMillis() + " ms");
    }
    throw error instanceof CompletionException completion ? completion : new CompletionException(error);
  }

  /** The failure inside a {@link CompletionException}, or the failure itself. */
  public static Throwable cause(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }
}
