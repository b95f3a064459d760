package io.atrium.sharding.jobs.datasets;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.time.Duration;

/**
 * Dataset uploads ({@code atrium.jobs.datasets}); reference.conf documents each default.
 *
 * @param maxBytes largest body accepted (413 above)
 * @param writeParallelism chunks written to Cassandra at once during an upload
 * @param uploadTimeout how long one upload may take (instead of the server's request timeout)
 */
public record DatasetSettings(long maxBytes, int writeParallelism, Duration uploadTimeout) {

  private static final String PREFIX = "atrium.jobs.datasets.";

  public static DatasetSettings fromConfig(Config config) {
    String maxBytes = PREFIX + "max-bytes";
    long bytes = config.getBytes(maxBytes);
    if (bytes <= 0) {
      throw new SettingsException(maxBytes, "must be a positive size, was " + bytes);
    }
    return new DatasetSettings(bytes, Settings.positiveInt(config, PREFIX + "write-parallelism"),
        Settings.positiveDuration(config, PREFIX + "upload-timeout"));
  }
}
