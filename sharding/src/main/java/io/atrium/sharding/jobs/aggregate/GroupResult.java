package io.atrium.sharding.jobs.aggregate;

import java.util.Map;

/**
 * One group of an aggregate's result. The numeric statistics cover the rows whose field holds a
 * finite number ({@code values} of the group's {@code count} rows); they are {@code null} when no row
 * did. Quantiles are within 0.99 % (relative) of the exact value at their rank.
 *
 * @param key groupBy field → the group's value ({@code null}: the field was absent or null)
 * @param distinct estimated distinct values of the distinct field, {@code null} if not asked for
 */
public record GroupResult(Map<String, String> key, long count, long values, Double sum, Double min, Double max,
    Double mean, Double p50, Double p90, Double p99, Long distinct) {}
