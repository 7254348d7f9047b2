package io.faultline.server.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.identity.IdentityService;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.UUID;
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
  private static final String START_ATTRIBUTE = "faultline.start";
  private static final String RENDERED_ATTRIBUTE = "faultline.rendered";
  public static final String REQUEST_ID_HEADER = "X-Openstack-Request-Id";

  /** oslo.middleware accepts a caller's global request id only in its own format. */
  private static final Pattern GLOBAL_REQUEST_ID =
      Pattern.compile("^req-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$");

  private final Javalin app;
  private final MeterRegistry meterRegistry;
  private volatile String baseUrl;
  private final String configuredBaseUrl;

  public HttpServer(
      IdentityService identity,
      ObjectMapper mapper,
      MeterRegistry meterRegistry,
      long maxBodyBytes,
      String configuredBaseUrl,
      List<ApiModule> modules) {
    requireNonNull(identity, "identity is null");
    requireNonNull(mapper, "mapper is null");
    this.meterRegistry = requireNonNull(meterRegistry, "meterRegistry is null");
    this.configuredBaseUrl = configuredBaseUrl;
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.concurrency.useVirtualThreads = true;
              config.http.maxRequestSize = maxBodyBytes;
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
  }

  private void afterRequest(Context context) {
    Long start = context.attribute(START_ATTRIBUTE);
    String route = matchedRoute(context);
    if (start != null) {
      Timer.builder("faultline.http.requests")
          .description("HTTP requests by route")
          .tag("method", context.method().name())
          .tag("route", route.isEmpty() ? "unmatched" : route)
          .tag("status", Integer.toString(context.statusCode()))
          .register(meterRegistry)
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
    log.info(
        "{} {} {} {}",
        context.method().name(),
        context.path(),
        context.statusCode(),
        context.res().getHeader(REQUEST_ID_HEADER));
    MDC.remove("request_id");
    MDC.remove("global_request_id");
  }

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
