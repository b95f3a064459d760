package io.atrium.node.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Three free loopback ports for one node.
 *
 * <p>Ports come from below the kernel's ephemeral range (32768–60999 on Linux), so a client's outgoing
 * connection cannot take a port between its allocation and the node's bind, and each port is handed out
 * once per test JVM: asking the kernel for "any free port" three times in a row can return the same port
 * twice (a CI run's node failed to start because its HTTP port equalled its cluster port).
 */
record NodePorts(int http, int cluster, int management) {

  private static final int LOWEST = 20_000;
  private static final int HIGHEST = 32_767;
  private static final int ATTEMPTS = 1_000;
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  static NodePorts allocate() {
    return new NodePorts(freePort(), freePort(), freePort());
  }

  private static synchronized int freePort() {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST + 1);
      if (!HANDED_OUT.contains(port) && bindable(port)) {
        HANDED_OUT.add(port);
        return port;
      }
    }
    throw new IllegalStateException("no free loopback port in " + LOWEST + "–" + HIGHEST);
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
