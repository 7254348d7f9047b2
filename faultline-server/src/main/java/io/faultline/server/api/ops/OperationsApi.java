package io.faultline.server.api.ops;

import static java.util.Objects.requireNonNull;

import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code /healthz} for orchestrators and {@code /metrics} for Prometheus; no token needed. */
public final class OperationsApi implements ApiModule {
  private final PrometheusMeterRegistry registry;
  private final BooleanSupplier ready;

  public OperationsApi(PrometheusMeterRegistry registry, BooleanSupplier ready) {
    this.registry = requireNonNull(registry, "registry is null");
    this.ready = requireNonNull(ready, "ready is null");
  }

  @Override
  public void register(Router router) {
    router.getPublic(
        Service.FAULTLINE,
        "/healthz",
        exchange -> {
          boolean up = ready.getAsBoolean();
          exchange.json(up ? 200 : 503, Map.of("status", up ? "ok" : "starting"));
        });
    router.getPublic(
        Service.FAULTLINE,
        "/metrics",
        exchange -> {
          exchange.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.text(200, registry.scrape());
        });
  }
}
