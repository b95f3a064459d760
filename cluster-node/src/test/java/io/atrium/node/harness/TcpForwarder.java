package io.atrium.node.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Relays TCP connections from a listening address to a target, byte for byte, a thread per direction.
 * The partition test's nodes live in network namespaces whose loopback cannot reach the Cassandra and
 * Kafka on the machine's loopback: a forwarder in each namespace (listening on its 127.0.0.1) sends them
 * over the bridge to one in the test JVM, which passes them on to the machine's 127.0.0.1. Kafka keeps
 * advertising 127.0.0.1, and a node's configuration stays the same as outside a namespace.
 *
 * <p>Run as a program, it forwards every {@code listenHost:port=targetHost:port} argument until killed.
 */
public final class TcpForwarder implements AutoCloseable {

  private static final int BUFFER = 64 * 1024;

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> open = new ArrayList<>();

  private TcpForwarder(InetSocketAddress listen, InetSocketAddress target) throws IOException {
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(listen);
    this.target = target;
    daemon(this::acceptLoop, "forward-accept-" + listen.getPort()).start();
  }

  /** Starts forwarding connections to {@code listen} to {@code target}. */
  public static TcpForwarder start(InetSocketAddress listen, InetSocketAddress target) throws IOException {
    return new TcpForwarder(listen, target);
  }

  public static void main(String[] args) throws Exception {
    for (String spec : args) {
      String[] ends = spec.split("=", 2);
      start(address(ends[0]), address(ends[1]));
    }
    System.out.println("forwarding " + String.join(" ", args));
    Thread.currentThread().join();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        try {
          upstream.connect(target, 2_000);
        } catch (IOException e) {
          client.close();
          continue;
        }
        track(client, upstream);
        daemon(() -> pump(client, upstream), "forward-up").start();
        daemon(() -> pump(upstream, client), "forward-down").start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private synchronized void track(Socket... sockets) {
    open.addAll(List.of(sockets));
  }

  /** Copies {@code from} to {@code to} until either side closes, then closes both. */
  private static void pump(Socket from, Socket to) {
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // a side closed or reset: end this connection
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public synchronized void close() throws IOException {
    server.close();
    open.forEach(TcpForwarder::closeQuietly);
    open.clear();
  }

  /**
   * {@code host:port} to a socket address. Not {@code io.atrium.config.HostPort}: the forwarder JVMs in
   * the namespaces run with this module's test classes alone on their class path.
   */
  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }
}
