package io.faultline.server.api.console;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A VNF manager's webhook receiver on loopback: it records each delivery id it is sent. */
final class Webhooks implements AutoCloseable {
  private final HttpServer server;
  final BlockingQueue<String> deliveryIds = new LinkedBlockingQueue<>();

  Webhooks() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/vnfm",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          deliveryIds.add(exchange.getRequestHeaders().getFirst("X-Faultline-Delivery-Id"));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/vnfm";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
