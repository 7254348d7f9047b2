package io.faultline.server.demo;

import io.faultline.alarm.notify.WebhookSender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A VNF manager's webhook endpoint on loopback: acknowledges every alarm webhook and remembers, per
 * fault id, how many arrived and when the last one did. Either an in-process Jetty server
 * (HTTP/1.1, keep-alive; it shares the machine's cores with the server it measures, and takes less
 * of them than the JDK's {@code com.sun.net.httpserver} did: docs/benchmarks.md), or OPNFV Doctor's
 * sample consumer style: Python's stock {@code http.server.ThreadingHTTPServer} (default listen
 * backlog of 5, HTTP/1.0) in a child process, which reports each arrival's wall-clock time on its
 * standard output.
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

  private final Server server;
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

  /** The in-process Jetty receiver. */
  ConsumerReceiver() throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setName("vnfm-consumer");
    threads.setDaemon(true);
    server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(0);
    connector.setAcceptQueueSize(512);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            Content.Source.consumeAll(request); // blocking: this handler runs on a pool thread
            arrived(
                request.getHeaders().get(WebhookSender.FAULT_ID_HEADER),
                request.getHeaders().get(WebhookSender.DELIVERY_ID_HEADER),
                System.nanoTime());
            response.setStatus(204);
            callback.succeeded();
            return true;
          }
        });
    try {
      server.start();
    } catch (Exception e) {
      throw new IOException("the in-process consumer did not start", e);
    }
    python = null;
    url = "http://127.0.0.1:" + connector.getLocalPort() + "/vnfm";
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
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException("the in-process consumer did not stop", e);
      }
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
