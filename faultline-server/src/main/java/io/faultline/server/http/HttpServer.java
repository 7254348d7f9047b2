package io.faultline.server.http;

import static java.util.Objects.requireNonNull;
import static net.logstash.logback.argument.StructuredArguments.kv;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.identity.AuthenticatedToken;
import io.faultline.identity.IdentityService;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one HTTP listener for every API. Cross-cutting conventions live here: request ids, metrics
 * per route, body size limits, and turning every failure into the service's own fault body — never
 * a stack trace.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

  /**
   * The access log: one line per request with method, route template, status, latency, request id,
   * user and project. Its own logger, so that an embedded server (the demo, the benchmarks) can
   * turn it off without silencing anything else.
   */
  public static final String ACCESS_LOGGER = "io.faultline.access";

  private static final Logger ACCESS_LOG = LoggerFactory.getLogger(ACCESS_LOGGER);

  /** Histogram buckets of request latency: from a cached read to a slow store. */
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private static final String START_ATTRIBUTE = "faultline.start";
  private static final String RENDERED_ATTRIBUTE = "faultline.rendered";
  public static final String REQUEST_ID_HEADER = "X-Openstack-Request-Id";

  /** What a 503 or 429 tells the caller to wait before trying again. */
  public static final int RETRY_AFTER_SECONDS = 5;

  /** oslo.middleware accepts a caller's global request id only in its own format. */
  private static final Pattern GLOBAL_REQUEST_ID =
      Pattern.compile("^req-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$");

  private final Javalin app;
  private final MeterRegistry meterRegistry;
  private volatile String baseUrl;
  private final String configuredBaseUrl;
  private final long maxBodyBytes;
  private final List<Router.Route> registered = new java.util.ArrayList<>();
  private final Map<TimerKey, Timer> requestTimers = new ConcurrentHashMap<>();

  public HttpServer(
      IdentityService identity,
      ObjectMapper mapper,
      MeterRegistry meterRegistry,
      long maxBodyBytes,
      Duration bodyTimeout,
      String configuredBaseUrl,
      List<ApiModule> modules) {
    requireNonNull(identity, "identity is null");
    requireNonNull(mapper, "mapper is null");
    this.meterRegistry = requireNonNull(meterRegistry, "meterRegistry is null");
    this.configuredBaseUrl = configuredBaseUrl;
    this.maxBodyBytes = maxBodyBytes;
    requireNonNull(bodyTimeout, "bodyTimeout is null");
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.concurrency.useVirtualThreads = true;
              config.http.maxRequestSize = maxBodyBytes;
              // A read that waits longer than this ends, and the request is answered 408.
              config.jetty.modifyHttpConfiguration(
                  http -> http.setIdleTimeout(bodyTimeout.toMillis()));
              config.http.prefer405over404 = true;
              config.router.ignoreTrailingSlashes = true;
              config.router.treatMultipleSlashesAsSingleSlash = true;
              config.jsonMapper(new JavalinJackson(mapper, false));
              RoutesConfig routes = config.routes;
              routes.before(this::beforeRequest);
              routes.after(this::afterRequest);
              routes.exception(FaultlineException.class, (e, context) -> renderFault(context, e));
              routes.exception(
                  HttpResponseException.class, (e, context) -> renderHttpException(context, e));
              routes.exception(Exception.class, (e, context) -> renderUnexpected(context, e));
              for (int status : new int[] {404, 405, 413}) {
                routes.error(status, this::renderUnrendered);
              }
              Router router = new Router(routes, identity, mapper, this::baseUrl);
              modules.forEach(module -> module.register(router));
              registered.addAll(router.routes());
            });
  }

  public void start(String host, int port) {
    app.start(host, port);
    baseUrl =
        configuredBaseUrl != null && !configuredBaseUrl.isBlank()
            ? stripSlash(configuredBaseUrl)
            : "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + app.port();
  }

  public int port() {
    return app.port();
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Every route this server answers, at its bare path. */
  public List<Router.Route> routes() {
    return List.copyOf(registered);
  }

  @Override
  public void close() {
    app.stop();
  }

  private void beforeRequest(Context context) {
    String requestId = "req-" + UUID.randomUUID();
    context.attribute(START_ATTRIBUTE, System.nanoTime());
    context.header(REQUEST_ID_HEADER, requestId);
    MDC.put("request_id", requestId);
    // As oslo.middleware's RequestId: an inbound X-OpenStack-Request-ID is the global request id
    // that ties this request to the caller's; the response still carries this server's own id.
    String inbound = context.header(REQUEST_ID_HEADER);
    if (inbound != null && GLOBAL_REQUEST_ID.matcher(inbound).matches()) {
      MDC.put("global_request_id", inbound);
    }
    // Before authentication and before any parsing: a body past the limit is refused unread.
    RequestBody.read(context, maxBodyBytes);
  }

  private void afterRequest(Context context) {
    Long start = context.attribute(START_ATTRIBUTE);
    long elapsed = start == null ? 0 : System.nanoTime() - start;
    String route = matchedRoute(context);
    if (route.isEmpty()) {
      route = "unmatched";
    }
    String method = context.method().name();
    int status = context.statusCode();
    if (start != null) {
      requestTimer(method, route, status).record(elapsed, TimeUnit.NANOSECONDS);
    }
    if (ACCESS_LOG.isInfoEnabled()) {
      AuthenticatedToken token = context.attribute(Router.TOKEN_ATTRIBUTE);
      // The request id is the one this server answered with; a JSON line carries it as the MDC
      // field every line of the request has, so it is not added a second time.
      String requestId = context.res().getHeader(REQUEST_ID_HEADER);
      MDC.put("request_id", requestId);
      ACCESS_LOG.info(
          "{} {} {} {} request_id={} {} {}",
          kv("method", method),
          kv("route", route),
          kv("status", status),
          kv("latency_ms", Math.round(elapsed / 1_000.0) / 1_000.0),
          requestId,
          kv("user", token == null ? "-" : token.user().id().value()),
          kv(
              "project",
              token == null ? "-" : token.project().map(p -> p.id().value()).orElse("-")));
    }
    MDC.remove("request_id");
    MDC.remove("global_request_id");
  }

  /** One timer per method, route template and status, built once: no registry lookup per call. */
  private Timer requestTimer(String method, String route, int status) {
    return requestTimers.computeIfAbsent(
        new TimerKey(method, route, status),
        key ->
            Timer.builder("faultline.http.requests")
                .description("HTTP requests by method, route template and status")
                .tag("method", key.method())
                .tag("route", key.route())
                .tag("status", Integer.toString(key.status()))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(meterRegistry));
  }

  private record TimerKey(String method, String route, int status) {}

  /** The route template that handled the request, or empty when none matched. */
  private static String matchedRoute(Context context) {
    Endpoint endpoint = context.endpoints().lastHttpEndpoint();
    return endpoint == null ? "" : endpoint.path;
  }

  private void renderFault(Context context, FaultlineException e) {
    ErrorCode code = e.code();
    if (code == ErrorCode.UNAUTHENTICATED) {
      context.header("WWW-Authenticate", "Keystone uri=\"" + baseUrl + "/v3\"");
    }
    if (code == ErrorCode.UNAVAILABLE || code == ErrorCode.TOO_MANY_REQUESTS) {
      context.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }
    render(context, code, code.httpStatus(), e.getMessage());
  }

  private void renderHttpException(Context context, HttpResponseException e) {
    int status = e.getStatus();
    ErrorCode code =
        switch (status) {
          case 404 -> ErrorCode.NOT_FOUND;
          case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
          case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
          case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
          default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
    render(context, code, status, e.getMessage());
  }

  private void renderUnexpected(Context context, Exception e) {
    log.error("unexpected failure on {} {}", context.method().name(), context.path(), e);
    render(
        context,
        ErrorCode.INTERNAL,
        500,
        "internal error; the server log has the details under request id "
            + context.res().getHeader(REQUEST_ID_HEADER));
  }

  private void renderUnrendered(Context context) {
    if (context.attribute(RENDERED_ATTRIBUTE) != null) {
      return;
    }
    int status = context.statusCode();
    ErrorCode code =
        switch (status) {
          case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
          case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
          default -> ErrorCode.NOT_FOUND;
        };
    String message =
        switch (status) {
          case 405 -> "method " + context.method().name() + " is not allowed on " + context.path();
          case 413 -> "request body is too large";
          default -> "The resource could not be found.";
        };
    render(context, code, status, message);
  }

  private static void render(Context context, ErrorCode code, int status, String message) {
    Service service = context.attribute(Router.SERVICE_ATTRIBUTE);
    if (service == null) {
      service = Service.forPath(context.path());
    }
    context.attribute(RENDERED_ATTRIBUTE, true);
    context.status(status).json(FaultRenderer.render(service, code, status, message));
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
