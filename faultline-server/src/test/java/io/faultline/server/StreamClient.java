package io.faultline.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads a server's live stream ({@code GET /v1/stream}, server-sent events) as a browser's fetch
 * does: the token in a header; every line kept, in order, for the test to look through.
 */
public final class StreamClient implements AutoCloseable {
  private static final long WAIT_SECONDS = 30;

  private final HttpResponse<Stream<String>> response;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private StreamClient(HttpResponse<Stream<String>> response) {
    this.response = response;
    this.reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    response.body().forEach(lines::add);
                  } catch (UncheckedIOException e) {
                    // closed by the test, or by the server as it stops
                  }
                });
  }

  /** Opens the stream with {@code token}; fails unless the server answers 200 with an SSE body. */
  public static StreamClient open(TestServer server, String token)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/stream"))
            .header("X-Auth-Token", token)
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<Stream<String>> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200
        || !response
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("text/event-stream")) {
      response.body().close();
      throw new AssertionError("the stream answered " + response.statusCode());
    }
    return new StreamClient(response);
  }

  /**
   * The data line of the next event of {@code type} whose data contains {@code text}; fails after
   * 30 s (a bound on a hung server, not a measure of speed).
   */
  public String await(String type, String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    boolean inEvent = false;
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line == null) {
        continue;
      }
      seen.add(line);
      if (line.startsWith("event: ")) {
        inEvent = line.equals("event: " + type);
      } else if (inEvent && line.startsWith("data: ") && line.contains(text)) {
        return line;
      }
    }
    throw new AssertionError(
        "no " + type + " event with " + text + " within " + WAIT_SECONDS + " s; saw " + seen);
  }

  /** Every line read so far by {@link #await}, in order. */
  public List<String> seen() {
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    response.body().close();
    reader.interrupt();
  }
}
