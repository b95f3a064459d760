package io.atrium.sharding.jobs.topk;

import io.atrium.sharding.jobs.JobResult;
import java.util.List;

/**
 * The k most frequent values, most frequent first; equal counts in ascending order of the value
 * (by UTF-16 code units), so the answer is the same however the dataset was chunked.
 *
 * @param total occurrences counted (values, or words when counting words)
 * @param distinct different values (or words) seen
 * @param missing rows whose field was absent or null
 */
public record TopKResult(String field, boolean words, long total, long distinct, long missing, List<Entry> top)
    implements JobResult {

  public record Entry(String value, long count) {}
}
