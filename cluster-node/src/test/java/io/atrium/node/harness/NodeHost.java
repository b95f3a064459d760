package io.atrium.node.harness;

import java.util.List;

/**
 * Where a node process runs: the address it binds and advertises, and what its command line is
 * prefixed with ({@code ip netns exec <namespace>} for a node in a network namespace).
 */
public record NodeHost(String ip, List<String> commandPrefix) {

  /** The machine's loopback, no prefix: how every test but the partition test runs its nodes. */
  public static final NodeHost LOOPBACK = new NodeHost("127.0.0.1", List.of());

  public NodeHost {
    commandPrefix = List.copyOf(commandPrefix);
  }
}
