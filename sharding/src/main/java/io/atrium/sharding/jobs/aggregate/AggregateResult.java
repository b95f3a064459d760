package io.atrium.sharding.jobs.aggregate;

import io.atrium.sharding.jobs.JobResult;
import java.util.List;

/**
 * The result of an aggregate, groups sorted by key (field by field, absent values first).
 *
 * @param distinctError relative standard error of each group's {@code distinct} (null if not asked)
 */
public record AggregateResult(List<String> groupBy, String field, String distinctField, Double distinctError,
    List<GroupResult> groups) implements JobResult {}
