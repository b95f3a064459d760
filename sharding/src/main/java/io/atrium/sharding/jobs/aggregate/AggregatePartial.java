package io.atrium.sharding.jobs.aggregate;

import io.atrium.sharding.jobs.JobPartial;
import java.util.List;

/** What one chunk (or a merge of several) contributed to an aggregate: one entry per group seen. */
public record AggregatePartial(List<GroupPartial> groups) implements JobPartial {}
