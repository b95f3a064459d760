package io.atrium.edge.jobs;

import io.atrium.edge.Json;
import io.atrium.edge.auth.Authentication;
import io.atrium.edge.errors.ErrorResponses;
import io.atrium.sharding.Tenant;
import io.atrium.sharding.jobs.datasets.DatasetManifest;
import io.atrium.sharding.jobs.datasets.DatasetSettings;
import io.atrium.sharding.jobs.datasets.DatasetStore;
import io.atrium.sharding.jobs.datasets.DatasetUpload;
import io.atrium.sharding.jobs.rows.DataFormat;
import io.atrium.sharding.jobs.rows.MalformedRowException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

/**
 * {@code /v1/datasets}: upload (NDJSON or CSV, streamed into chunks), read, list and delete a
 * tenant's datasets. Another tenant's datasets are 404.
 */
public final class DatasetRoutes extends AllDirectives {

  /** A dataset as clients see it. {@code dataset} is the id jobs name. */
  public record DatasetView(String dataset, String format, List<String> columns, long rows, int chunks, long bytes,
      Instant createdAt) {

    static DatasetView of(DatasetManifest manifest) {
      return new DatasetView(manifest.id(), manifest.schema().format().name().toLowerCase(Locale.ROOT),
          manifest.schema().columns(), manifest.rows(), manifest.chunks(), manifest.bytes(), manifest.createdAt());
    }
  }

  /** Reply of a listing. */
  public record ListView(List<DatasetView> items) {}

  private final DatasetStore store;
  private final DatasetUpload upload;
  private final DatasetSettings settings;

  public DatasetRoutes(DatasetStore store, DatasetUpload upload, DatasetSettings settings) {
    this.store = store;
    this.upload = upload;
    this.settings = settings;
  }

  public Route route() {
    return pathPrefix("v1", () -> pathPrefix("datasets", () -> extractRequest(request -> {
      Tenant tenant = Authentication.tenant(request);
      return concat(
          pathEnd(() -> concat(
              post(() -> create(tenant)),
              get(() -> onSuccess(store.list(tenant), all -> complete(StatusCodes.OK,
                  new ListView(all.stream().map(DatasetView::of).toList()), Json.marshaller()))))),
          path(PathMatchers.segment(), id -> concat(
              get(() -> onSuccess(store.get(tenant, id), found -> found
                  .<Route>map(manifest -> complete(StatusCodes.OK, DatasetView.of(manifest), Json.marshaller()))
                  .orElseGet(() -> notFound(id)))),
              delete(() -> onSuccess(store.get(tenant, id), found -> found
                  .<Route>map(manifest -> onSuccess(store.delete(tenant, id, manifest.chunks()),
                      done -> complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT))))
                  .orElseGet(() -> notFound(id)))))));
    })));
  }

  private Route create(Tenant tenant) {
    return extractRequestEntity(entity -> {
      Optional<DataFormat> format = format(entity.getContentType().mediaType());
      if (format.isEmpty()) {
        return complete(ErrorResponses.error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
            "Content-Type must be application/x-ndjson or text/csv (with a header line), was "
                + entity.getContentType().mediaType()));
      }
      // An upload may be large: the body streams through under its own size limit and time limit.
      return withSizeLimit(settings.maxBytes(), () -> withRequestTimeout(settings.uploadTimeout(), () ->
          extractRequestEntity(limited -> {
            var stored = upload.upload(tenant, format.get(), limited.getDataBytes())
                .handle((manifest, error) -> error == null ? created(manifest) : failed(error));
            return onSuccess(stored, this::complete);
          })));
    });
  }

  private static Optional<DataFormat> format(MediaType media) {
    String type = media.mainType() + "/" + media.subType();
    return switch (type) {
      case "application/x-ndjson", "application/ndjson" -> Optional.of(DataFormat.NDJSON);
      case "text/csv" -> Optional.of(DataFormat.CSV);
      default -> Optional.empty();
    };
  }

  private static HttpResponse created(DatasetManifest manifest) {
    return HttpResponse.create().withStatus(StatusCodes.CREATED)
        .withEntity(org.apache.pekko.http.javadsl.model.ContentTypes.APPLICATION_JSON,
            JobJson.bytes(new CreatedView(manifest.id(), manifest.rows(), manifest.chunks(), manifest.bytes())));
  }

  /** Reply of an upload. */
  public record CreatedView(String dataset, long rows, int chunks, long bytes) {}

  private HttpResponse failed(Throwable thrown) {
    Throwable error = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
    if (error instanceof MalformedRowException malformed) {
      return ErrorResponses.error(StatusCodes.BAD_REQUEST, "malformed_row", malformed.getMessage());
    }
    if (error instanceof EntityStreamSizeException) {
      return ErrorResponses.error(StatusCodes.CONTENT_TOO_LARGE, "payload_too_large",
          "A dataset may be at most " + settings.maxBytes() + " bytes (atrium.jobs.datasets.max-bytes)");
    }
    throw new CompletionException(error);
  }

  private Route notFound(String id) {
    return complete(ErrorResponses.error(StatusCodes.NOT_FOUND, "not_found", "No dataset '" + id + "'"));
  }
}
