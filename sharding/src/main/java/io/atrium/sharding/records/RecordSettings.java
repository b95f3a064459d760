package io.atrium.sharding.records;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.time.Duration;

/**
 * The records service's settings ({@code atrium.records}).
 *
 * @param askTimeout how long the edge waits for an entity; beyond it the client gets 503
 * @param firstAttemptTimeout a read or an Idempotency-Key write unanswered after this is sent once
 *     more (its entity may have been on a node that crashed), within the same ask timeout
 * @param idempotencyRetention how long an Idempotency-Key is remembered after its write
 * @param snapshotEvery a snapshot after this many events keeps recovery short
 */
public record RecordSettings(
    Duration askTimeout, Duration firstAttemptTimeout, Duration idempotencyRetention, int snapshotEvery, RecordLimits limits, Listing listing) {

  /**
   * The listing read side ({@code atrium.records.listing}).
   *
   * @param slices journal tags the projection is split into; changing it re-tags only new events
   * @param writeGroup / writeInterval the most events, and the longest wait, before a slice writes
   *     what it has read (each key's newest change, one batch per collection)
   * @param maxBatchRows the most rows in one Cassandra batch
   * @param offsetBatch / offsetInterval how often a slice stores how far it has read
   */
  public record Listing(int slices, int maxPageSize, int defaultPageSize, int writeGroup, Duration writeInterval,
      int maxBatchRows, int offsetBatch, Duration offsetInterval, Duration restartMin, Duration restartMax) {}

  public RecordSettings {
    if (firstAttemptTimeout.compareTo(askTimeout) >= 0) {
      throw new SettingsException("atrium.records.first-attempt-timeout",
          "must be shorter than atrium.records.ask-timeout (" + askTimeout + "), was " + firstAttemptTimeout);
    }
  }

  public static RecordSettings fromConfig(Config config) {
    return new RecordSettings(
        Settings.positiveDuration(config, "atrium.records.ask-timeout"),
        Settings.positiveDuration(config, "atrium.records.first-attempt-timeout"),
        Settings.positiveDuration(config, "atrium.records.idempotency-retention"),
        Settings.positiveInt(config, "atrium.records.snapshot-every"),
        RecordLimits.fromConfig(config),
        new Listing(
            Settings.positiveInt(config, "atrium.records.listing.slices"),
            Settings.positiveInt(config, "atrium.records.listing.max-page-size"),
            Settings.positiveInt(config, "atrium.records.listing.default-page-size"),
            Settings.positiveInt(config, "atrium.records.listing.write-group"),
            Settings.positiveDuration(config, "atrium.records.listing.write-interval"),
            Settings.positiveInt(config, "atrium.records.listing.max-batch-rows"),
            Settings.positiveInt(config, "atrium.records.listing.offset-batch"),
            Settings.positiveDuration(config, "atrium.records.listing.offset-interval"),
            Settings.positiveDuration(config, "atrium.records.listing.restart-min"),
            Settings.positiveDuration(config, "atrium.records.listing.restart-max")));
  }
}
