package io.faultline.server.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A VNF manager's webhook endpoint on loopback: acknowledges every alarm webhook and remembers, per
 * fault id, how many arrived and when the last one did. Either an in-process JDK server, or OPNFV
 * Doctor's sample consumer style: Python's stock {@code http.server.ThreadingHTTPServer} (default
 * listen backlog of 5, HTTP/1.0) in a child process, which reports each arrival's wall-clock time
 * on its standard output.
 */
final class ConsumerReceiver implements AutoCloseable {
  private static final String PYTHON_CONSUMER =
      """
      import http.server, sys, threading, time
      lock = threading.Lock()
      class Consumer(http.server.BaseHTTPRequestHandler):
          def do_POST(self):
              self.rfile.read(int(self.headers["Content-Length"]))
              now = time.time_ns()
              self.send_response(200)
              self.end_headers()
              line = "%s %s %d" % (self.headers.get("X-Faultline-Fault-Id"),
                                   self.headers.get("X-Faultline-Delivery-Id"), now)
              with lock:
                  print(line, flush=True)
          def log_message(self, *args):
              pass
      server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Consumer)
      print(server.server_address[1], flush=True)
      server.serve_forever()
      """;

  private final HttpServer server;
  private final Process python;
  private final String url;
  private final Map<String, Arrivals> byFault = new ConcurrentHashMap<>();
  private final Set<String> deliveries = ConcurrentHashMap.newKeySet();
  private final AtomicInteger repeated = new AtomicInteger();

  /** Webhooks received for one fault. */
  static final class Arrivals {
    final AtomicInteger count = new AtomicInteger();
    volatile long lastNanos;

    synchronized void arrived(long nanos) {
      lastNanos = Math.max(lastNanos, nanos);
      count.incrementAndGet();
      notifyAll();
    }

    /**
     * Waits until {@code expected} webhooks have arrived; false past the deadline. The driver
     * sleeps while it waits: a polling loop would take a core from the server it measures.
     */
    synchronized boolean await(int expected, long deadlineNanos) throws InterruptedException {
      while (count.get() < expected) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }

  /** The in-process JDK receiver. */
  ConsumerReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/vnfm",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String fault = exchange.getRequestHeaders().getFirst("X-Faultline-Fault-Id");
          arrived(
              fault,
              exchange.getRequestHeaders().getFirst("X-Faultline-Delivery-Id"),
              System.nanoTime());
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    python = null;
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/vnfm";
  }

  private ConsumerReceiver(Process python, String url) {
    this.server = null;
    this.python = python;
    this.url = url;
  }

  /** Python's {@code ThreadingHTTPServer} in a child process ({@code python3} on the PATH). */
  static ConsumerReceiver python() throws IOException {
    Path script = Files.createTempFile("faultline-consumer", ".py");
    Files.writeString(script, PYTHON_CONSUMER);
    script.toFile().deleteOnExit();
    Process process =
        new ProcessBuilder("python3", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String port = lines.readLine();
    if (port == null) {
      process.destroy();
      throw new IOException("the Python consumer did not start (is python3 installed?)");
    }
    ConsumerReceiver receiver =
        new ConsumerReceiver(process, "http://127.0.0.1:" + port.trim() + "/vnfm");
    // Wall-clock nanoseconds (Python's time.time_ns) to this JVM's System.nanoTime.
    Instant wall = Instant.now();
    long offset = ChronoUnit.NANOS.between(Instant.EPOCH, wall) - System.nanoTime();
    Thread reader =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = lines.readLine()) != null) {
                  String[] fields = line.split(" ", -1);
                  if (fields.length == 3) {
                    receiver.arrived(fields[0], fields[1], Long.parseLong(fields[2]) - offset);
                  }
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "python-consumer");
    reader.setDaemon(true);
    reader.start();
    return receiver;
  }

  private void arrived(String fault, String delivery, long nanos) {
    if (delivery != null && !deliveries.add(delivery)) {
      repeated.incrementAndGet(); // a retry of a delivery that had already arrived
    }
    if (fault != null && !fault.equals("None")) {
      byFault.computeIfAbsent(fault, f -> new Arrivals()).arrived(nanos);
    }
  }

  String url() {
    return url;
  }

  Arrivals arrivals(String faultId) {
    return byFault.computeIfAbsent(faultId, f -> new Arrivals());
  }

  /** Webhooks that arrived again with a delivery id already seen (retries). */
  int repeated() {
    return repeated.get();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    if (python != null) {
      python.destroy();
      try {
        python.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
