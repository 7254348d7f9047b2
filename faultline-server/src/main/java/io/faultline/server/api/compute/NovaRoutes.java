package io.faultline.server.api.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.util.Locale;
import java.util.Optional;

/**
 * Registers Nova routes at {@code /v2.1/...} and at the legacy {@code /v2.1/{project_id}/...}, each
 * behind microversion negotiation: the version is read from {@code OpenStack-API-Version: compute
 * 2.N} (which wins) or {@code X-OpenStack-Nova-API-Version}, echoed in both headers with {@code
 * Vary} on every response, faults included.
 */
final class NovaRoutes {
  static final String HEADER = "OpenStack-API-Version";
  static final String LEGACY_HEADER = "X-OpenStack-Nova-API-Version";

  /** A Nova handler, given the negotiated version. */
  @FunctionalInterface
  interface NovaHandler {
    void handle(Exchange exchange, Microversion version) throws Exception;
  }

  private final Router router;

  NovaRoutes(Router router) {
    this.router = requireNonNull(router, "router is null");
  }

  void get(String path, NovaHandler handler) {
    both(path, p -> router.get(Service.COMPUTE, p, negotiated(handler)));
  }

  void post(String path, NovaHandler handler) {
    both(path, p -> router.post(Service.COMPUTE, p, negotiated(handler)));
  }

  void put(String path, NovaHandler handler) {
    both(path, p -> router.put(Service.COMPUTE, p, negotiated(handler)));
  }

  void delete(String path, NovaHandler handler) {
    both(path, p -> router.delete(Service.COMPUTE, p, negotiated(handler)));
  }

  private static void both(String path, java.util.function.Consumer<String> register) {
    register.accept("/v2.1" + path);
    register.accept("/v2.1/{project_id}" + path);
  }

  private static io.faultline.server.http.Handler negotiated(NovaHandler handler) {
    return exchange -> {
      exchange.header("Vary", HEADER + ", " + LEGACY_HEADER);
      Microversion version = requested(exchange);
      exchange.header(HEADER, "compute " + version);
      exchange.header(LEGACY_HEADER, version.toString());
      handler.handle(exchange, version);
    };
  }

  static Microversion requested(Exchange exchange) {
    Optional<Microversion> modern =
        exchange.header(HEADER).flatMap(NovaRoutes::computeEntry).map(Microversion::parse);
    if (modern.isPresent()) {
      return modern.get();
    }
    return exchange.header(LEGACY_HEADER).map(Microversion::parse).orElse(Microversion.MIN);
  }

  /** {@code OpenStack-API-Version} may name several services: {@code compute 2.53, volume 3.1}. */
  private static Optional<String> computeEntry(String header) {
    for (String entry : header.split(",", -1)) {
      String[] parts = entry.trim().split("\\s+", -1);
      if (parts.length == 2 && parts[0].toLowerCase(Locale.ROOT).equals("compute")) {
        return Optional.of(parts[1]);
      }
    }
    return Optional.empty();
  }

  /** The 404 Nova answers for a method that does not exist at the requested version. */
  static FaultlineException notAtThisVersion() {
    return FaultlineException.notFound("The resource could not be found.");
  }
}
