package io.faultline.server.api.console;

import io.faultline.error.FaultlineException;
import io.faultline.server.http.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's static files, built into the jar under {@code console/}. Every answer carries a
 * Content-Security-Policy that lets the page load and connect to this server only: no CDN, no web
 * font, no inline script.
 */
final class ConsoleAssets {
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none';"
          + " form-action 'none'; frame-ancestors 'none'";

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");

  private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

  void index(Exchange exchange) {
    serve(exchange, "index.html");
  }

  void asset(Exchange exchange) {
    serve(exchange, exchange.pathParam("file"));
  }

  private void serve(Exchange exchange, String name) {
    String extension = name.substring(name.lastIndexOf('.') + 1);
    String type = TYPES.get(extension);
    Optional<byte[]> body =
        type == null || !name.matches("[a-z0-9-]+\\.[a-z]+")
            ? Optional.empty()
            : cache.computeIfAbsent(name, ConsoleAssets::read);
    if (body.isEmpty()) {
      throw FaultlineException.notFound("The console has no file '" + name + "'.");
    }
    secure(exchange);
    exchange.header("Cache-Control", "no-cache");
    exchange.bytes(200, type, body.get());
  }

  /** Headers every console answer carries. */
  static void secure(Exchange exchange) {
    exchange.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    exchange.header("X-Content-Type-Options", "nosniff");
    exchange.header("Referrer-Policy", "no-referrer");
    exchange.header("X-Frame-Options", "DENY");
  }

  private static Optional<byte[]> read(String name) {
    try (InputStream in = ConsoleAssets.class.getResourceAsStream("/console/" + name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read console file " + name, e);
    }
  }
}
