package io.atrium.sharding.jobs;

import static io.atrium.sharding.jobs.TestJobs.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrium.sharding.jobs.aggregate.AggregateResult;
import io.atrium.sharding.jobs.rows.ChunkRows;
import io.atrium.sharding.jobs.rows.DatasetSchema;
import io.atrium.sharding.jobs.rows.MalformedRowException;
import io.atrium.sharding.jobs.topk.TopKResult;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobTypesTest {

  private static final JobTypes TYPES = JobTypes.create(TestJobs.SETTINGS);
  private static final String BODY = "{\"k\":\"a\",\"v\":1}\n{\"k\":\"b\",\"v\":2}\n{\"k\":\"a\",\"v\":4}\n";

  @Test
  void computesAJobTypeOverAnInlineBody() {
    AggregateResult aggregate = assertInstanceOf(AggregateResult.class,
        TYPES.compute("aggregate", json("{\"groupBy\":[\"k\"],\"field\":\"v\"}"), rows(BODY)));
    assertEquals(2, aggregate.groups().size());
    assertEquals(5.0, aggregate.groups().get(0).sum());
    TopKResult topk = assertInstanceOf(TopKResult.class, TYPES.compute("topk", json("{\"field\":\"k\",\"k\":1}"), rows(BODY)));
    assertEquals("a", topk.top().get(0).value());
    assertEquals(2, topk.top().get(0).count());
  }

  @Test
  void unknownTypesBadParamsAndBadRowsAreClientErrors() {
    var unknown = assertThrows(IllegalArgumentException.class, () -> TYPES.compute("sort", json("{}"), rows(BODY)));
    assertEquals("unknown job type \"sort\"; known: aggregate, topk", unknown.getMessage());
    assertThrows(InvalidParamsException.class, () -> TYPES.compute("topk", json("{}"), rows(BODY)));
    var malformed = assertThrows(MalformedRowException.class,
        () -> TYPES.compute("topk", json("{\"field\":\"k\"}"), rows(BODY + "{\n")));
    assertEquals(4, malformed.line());
    assertTrue(TYPES.get("aggregate").isPresent());
  }

  private static ChunkRows rows(String body) {
    return ChunkRows.of(DatasetSchema.ndjson(), 1, body.getBytes(StandardCharsets.UTF_8));
  }
}
