package io.faultline.server.hardening;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP forwarder to a real server, which a test can cut (closing every connection and
 * refusing new ones) and restore on the same port: the database "goes away" without stopping the
 * database that other tests share.
 */
final class TcpProxy implements AutoCloseable {
  private final int targetPort;
  private final int port;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;

  TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.port = listener.getLocalPort();
    accept(listener);
  }

  int port() {
    return port;
  }

  /** Closes every forwarded connection and stops listening. */
  synchronized void cut() throws IOException {
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    sockets.clear();
  }

  /** Listens again on the same port. */
  synchronized void restore() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    listener = socket;
    accept(socket);
  }

  private void accept(ServerSocket socket) {
    Thread.ofVirtual()
        .start(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Socket client = socket.accept();
                  Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                  sockets.add(client);
                  sockets.add(server);
                  pipe(client, server);
                  pipe(server, client);
                } catch (IOException e) {
                  // closed by cut(), or the target refused: the client sees its socket close
                }
              }
            });
  }

  private void pipe(Socket from, Socket to) {
    Thread.ofVirtual()
        .start(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // one side closed
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException e) {
                  // already closed
                }
              }
            });
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
