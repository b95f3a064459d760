package io.atrium.sharding.jobs;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import io.atrium.sharding.jobs.aggregate.HyperLogLog;

/**
 * The jobs' settings ({@code atrium.jobs}); reference.conf documents each default.
 *
 * @param chunkBytes a dataset is cut into chunks of whole lines of about this many bytes
 * @param maxLineBytes longest line (row) accepted; a longer one fails the upload naming the line
 * @param defaultPrecision HyperLogLog precision of {@code aggregate}'s distinct count when the
 *     params name none
 * @param maxGroups most groups one {@code aggregate} may produce; beyond it the job fails
 * @param maxTopK largest {@code k} a {@code topk} job may ask for
 * @param importFailureExamples failed rows an {@code import} reports in detail (those of the lowest lines)
 */
public record JobSettings(int chunkBytes, int maxLineBytes, int defaultPrecision, int maxGroups, int maxTopK,
    int importFailureExamples) {

  private static final String PREFIX = "atrium.jobs.";

  public JobSettings {
    HyperLogLog.checkPrecision(defaultPrecision);
  }

  public static JobSettings fromConfig(Config config) {
    return new JobSettings(
        Settings.positiveInt(config, PREFIX + "chunk-bytes"),
        Settings.positiveInt(config, PREFIX + "max-line-bytes"),
        precision(config, PREFIX + "aggregate.default-precision"),
        Settings.positiveInt(config, PREFIX + "aggregate.max-groups"),
        Settings.positiveInt(config, PREFIX + "topk.max-k"),
        Settings.positiveInt(config, PREFIX + "import.failure-examples"));
  }

  private static int precision(Config config, String path) {
    int precision = Settings.positiveInt(config, path);
    try {
      return HyperLogLog.checkPrecision(precision);
    } catch (IllegalArgumentException e) {
      throw new SettingsException(path, e.getMessage(), e);
    }
  }
}
