package io.atrium.sharding.compute;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.time.Duration;

/**
 * The synchronous compute path's settings ({@code atrium.compute}); reference.conf documents each
 * default.
 *
 * @param workers compute workers (routees) this node runs, each on its own thread
 * @param maxBodyBytes largest inline NDJSON body the edge accepts (413 above)
 * @param bodyReadTimeout longest wait for a client to finish sending its body
 * @param askTimeout how long the edge waits for the router's answer; longer than
 *     {@code atrium.balancer.ask-timeout}, so the router's own timeout answer arrives first
 * @param loadFeedInterval how often the cluster's load reports are checked for news for the router
 */
public record ComputeSettings(int workers, int maxBodyBytes, Duration bodyReadTimeout, Duration askTimeout,
    Duration loadFeedInterval) {

  /** The pool name in load reports and mailbox-wait recorders; {@code atrium.compute.mailbox} names it too. */
  public static final String POOL = "compute";
  static final String DISPATCHER = "atrium.compute.dispatcher";
  static final String MAILBOX = "atrium.compute.mailbox";
  private static final String PREFIX = "atrium.compute.";

  public static ComputeSettings fromConfig(Config config) {
    Duration askTimeout = Settings.positiveDuration(config, PREFIX + "ask-timeout");
    Duration routerTimeout = Settings.positiveDuration(config, "atrium.balancer.ask-timeout");
    if (askTimeout.compareTo(routerTimeout) <= 0) {
      throw new SettingsException(PREFIX + "ask-timeout",
          "must be longer than atrium.balancer.ask-timeout (" + routerTimeout + "), was " + askTimeout);
    }
    return new ComputeSettings(
        Settings.positiveInt(config, PREFIX + "workers"),
        Settings.positiveInt(config, PREFIX + "max-body-bytes"),
        Settings.positiveDuration(config, PREFIX + "body-read-timeout"),
        askTimeout,
        Settings.positiveDuration(config, PREFIX + "load-feed-interval"));
  }
}
