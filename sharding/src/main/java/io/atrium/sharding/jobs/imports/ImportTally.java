package io.atrium.sharding.jobs.imports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts the outcomes of one chunk's rows as they are written. Not thread-safe. */
public final class ImportTally {

  private final int maxExamples;
  private long created;
  private long updated;
  private long failed;
  private final Map<ImportFailureReason, Long> failedByReason = new EnumMap<>(ImportFailureReason.class);
  private final List<ImportFailure> firstFailures = new ArrayList<>();

  /** Keeps at most {@code maxExamples} failures as examples ({@code atrium.jobs.import.failure-examples}). */
  public ImportTally(int maxExamples) {
    this.maxExamples = maxExamples;
  }

  public void created() {
    created++;
  }

  public void updated() {
    updated++;
  }

  public void failed(long line, ImportFailureReason reason, String message) {
    failed++;
    failedByReason.merge(reason, 1L, Long::sum);
    // Writes may complete out of line order: keep the lowest lines, as ImportCounts.merge does.
    firstFailures.add(new ImportFailure(line, reason, message));
    if (firstFailures.size() > maxExamples) {
      firstFailures.sort(Comparator.comparingLong(ImportFailure::line));
      firstFailures.remove(firstFailures.size() - 1);
    }
  }

  /** The counts so far. */
  public ImportCounts toCounts() {
    List<ImportFailure> examples = new ArrayList<>(firstFailures);
    examples.sort(Comparator.comparingLong(ImportFailure::line));
    return new ImportCounts(created, updated, failed, failedByReason, examples);
  }
}
