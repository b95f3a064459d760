package io.atrium.node.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CrashProbeTest {

  @Test
  void onlyAnExplicitRefusalCounts() {
    assertTrue(CrashProbe.refused(new ConnectException("Connection refused")));
    assertFalse(CrashProbe.refused(new ConnectException("Connection timed out")));
    assertFalse(CrashProbe.refused(new NoRouteToHostException("No route to host")));
    assertFalse(CrashProbe.refused(new AsynchronousCloseException()));
    assertFalse(CrashProbe.refused(new ConnectException()));
  }

  @Test
  void aClosedPortOnLoopbackIsRefusedAndAnOpenOneAccepts() throws Exception {
    int port;
    try (ServerSocket server = new ServerSocket(0)) {
      port = server.getLocalPort();
      assertEquals(null, connect(port), "a listening port accepts");
    }
    Throwable error = connect(port);
    assertTrue(CrashProbe.refused(error), "nothing listens any more, so the kernel refuses: " + error);
  }

  /** What the probe's channel reports: null when connected, else the failure. */
  private static Throwable connect(int port) throws IOException, InterruptedException {
    try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
      channel.connect(new InetSocketAddress("127.0.0.1", port)).get(5, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      return e;
    }
  }
}
