package io.atrium.node.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.node.harness.NodeProcess.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;

/** Datasets and jobs through one node's edge, for the tests that run jobs. */
public final class JobsClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final NodeProcess node;

  public JobsClient(NodeProcess node) {
    this.node = node;
  }

  /** NDJSON rows of region/kind/amount/user; with {@code poison}, one row in the middle carries it. */
  public static String dataset(int rows, long seed, String poison) {
    Random random = new Random(seed);
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      String user = poison != null && i == rows / 2 ? poison : "u" + random.nextInt(5_000);
      ndjson.append("{\"region\":\"r").append(random.nextInt(8)).append("\",\"kind\":\"k").append(random.nextInt(3))
          .append("\",\"amount\":").append(random.nextInt(100_000) / 100.0).append(",\"user\":\"").append(user)
          .append("\"}\n");
    }
    return ndjson.toString();
  }

  /** Uploads an NDJSON dataset (201 expected) and returns its id. */
  public String upload(String ndjson) throws IOException, InterruptedException {
    HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/datasets"))
        .header("Authorization", "Bearer " + HarnessAuth.ADMIN_TOKEN)
        .header("Content-Type", "application/x-ndjson")
        .timeout(Duration.ofMinutes(1))
        .POST(HttpRequest.BodyPublishers.ofString(ndjson)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, created.statusCode(), created.body());
    return JSON.readTree(created.body()).get("dataset").asText();
  }

  /** {@code POST /v1/jobs}, whatever the answer. */
  public Reply trySubmit(String type, String dataset, String params) throws IOException, InterruptedException {
    return node.send("POST", "/v1/jobs",
        "{\"type\":\"" + type + "\",\"dataset\":\"" + dataset + "\",\"params\":" + params + "}");
  }

  /** Submits a job (202 expected) and returns its id. */
  public String submit(String type, String dataset, String params) throws IOException, InterruptedException {
    Reply accepted = trySubmit(type, dataset, params);
    assertEquals(202, accepted.status(), accepted.body().toString());
    return accepted.body().get("job").asText();
  }

  /** {@code GET /v1/jobs/{id}} (200 expected). */
  public JsonNode status(String job) {
    try {
      Reply reply = node.get("/v1/jobs/" + job);
      assertEquals(200, reply.status(), reply.body().toString());
      return reply.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the job is neither queued nor running and returns its status. */
  public JsonNode awaitEnd(String job, Duration timeout) {
    Await.until("job " + job + " to end", timeout, () -> {
      String status = status(job).get("status").asText();
      return !status.equals("queued") && !status.equals("running");
    });
    return status(job);
  }
}
