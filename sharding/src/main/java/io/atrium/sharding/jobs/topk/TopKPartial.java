package io.atrium.sharding.jobs.topk;

import io.atrium.sharding.jobs.JobPartial;
import java.util.Map;

/**
 * A chunk's exact counts: every value (or word) it holds, not only its top k — a value that is
 * rare in each chunk can still be frequent overall.
 *
 * @param counts value → occurrences
 * @param missing rows whose field was absent or null
 */
public record TopKPartial(Map<String, Long> counts, long missing) implements JobPartial {

  public TopKPartial {
    counts = Map.copyOf(counts);
  }
}
