package io.atrium.sharding.jobs.imports;

import io.atrium.sharding.jobs.JobPartial;
import io.atrium.sharding.jobs.JobResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Per-row outcomes of an import (or of one chunk of it): both a chunk's partial and the job's
 * result. Besides the counts it keeps a few failures as examples — those of the lowest line numbers,
 * so that merging in any order keeps the same ones.
 *
 * @param failedByReason failed rows per reason; the values add up to {@code failed}
 * @param firstFailures at most {@code atrium.jobs.import.failure-examples} failures, by line
 */
public record ImportCounts(long created, long updated, long failed, Map<ImportFailureReason, Long> failedByReason,
    List<ImportFailure> firstFailures) implements JobPartial, JobResult {

  private static final Comparator<ImportFailure> BY_LINE = Comparator.comparingLong(ImportFailure::line);

  public ImportCounts {
    failedByReason = Map.copyOf(failedByReason);
    firstFailures = List.copyOf(firstFailures);
  }

  public static ImportCounts none() {
    return new ImportCounts(0, 0, 0, Map.of(), List.of());
  }

  /** Both counts added; the {@code maxExamples} failures of the lowest lines kept. */
  public ImportCounts merge(ImportCounts other, int maxExamples) {
    Map<ImportFailureReason, Long> reasons = new EnumMap<>(ImportFailureReason.class);
    reasons.putAll(failedByReason);
    other.failedByReason.forEach((reason, count) -> reasons.merge(reason, count, Long::sum));
    List<ImportFailure> examples = new ArrayList<>(firstFailures);
    examples.addAll(other.firstFailures);
    examples.sort(BY_LINE);
    return new ImportCounts(created + other.created, updated + other.updated, failed + other.failed, reasons,
        examples.subList(0, Math.min(maxExamples, examples.size())));
  }
}
