package io.atrium.sharding.balancer;

/** A router had a message to route but no routee registered for its service key. */
public final class NoRouteeException extends RuntimeException {

  public NoRouteeException(String serviceKey) {
    super("no routee registered for " + serviceKey);
  }
}
