package io.faultline.server.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A VNF manager's webhook endpoint on loopback: acknowledges every alarm webhook and remembers, per
 * fault id, how many arrived and when the last one did.
 */
final class ConsumerReceiver implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, Arrivals> byFault = new ConcurrentHashMap<>();

  /** Webhooks received for one fault. */
  static final class Arrivals {
    final AtomicInteger count = new AtomicInteger();
    volatile long lastNanos;
  }

  ConsumerReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/vnfm",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String fault = exchange.getRequestHeaders().getFirst("X-Faultline-Fault-Id");
          long now = System.nanoTime();
          if (fault != null) {
            Arrivals arrivals = byFault.computeIfAbsent(fault, f -> new Arrivals());
            arrivals.lastNanos = now;
            arrivals.count.incrementAndGet();
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/vnfm";
  }

  Arrivals arrivals(String faultId) {
    return byFault.computeIfAbsent(faultId, f -> new Arrivals());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
