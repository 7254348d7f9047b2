package io.faultline.server.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.identity.AuthenticatedToken;
import io.faultline.identity.IdentityService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Registers routes. Every route is mounted at its bare path and under its service's prefix; all but
 * the public ones require a valid {@code X-Auth-Token} before the handler runs.
 */
public final class Router {
  static final String SERVICE_ATTRIBUTE = "faultline.service";

  /** The token a request was authenticated with, for the access log. */
  static final String TOKEN_ATTRIBUTE = "faultline.token";

  private final RoutesConfig routes;
  private final IdentityService identity;
  private final ObjectMapper mapper;
  private final Supplier<String> baseUrl;
  private final List<Route> registered = new ArrayList<>();

  /** A registered route: its method, its bare path, and whether it needs a token. */
  public record Route(String method, String path, boolean authenticated) {}

  Router(
      RoutesConfig routes,
      IdentityService identity,
      ObjectMapper mapper,
      Supplier<String> baseUrl) {
    this.routes = requireNonNull(routes, "routes is null");
    this.identity = requireNonNull(identity, "identity is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
  }

  public void get(Service service, String path, Handler handler) {
    add(HandlerType.GET, service, path, handler, true);
  }

  public void head(Service service, String path, Handler handler) {
    add(HandlerType.HEAD, service, path, handler, true);
  }

  public void post(Service service, String path, Handler handler) {
    add(HandlerType.POST, service, path, handler, true);
  }

  public void put(Service service, String path, Handler handler) {
    add(HandlerType.PUT, service, path, handler, true);
  }

  public void patch(Service service, String path, Handler handler) {
    add(HandlerType.PATCH, service, path, handler, true);
  }

  public void delete(Service service, String path, Handler handler) {
    add(HandlerType.DELETE, service, path, handler, true);
  }

  /** A route that needs no token: version documents, token issue. */
  public void getPublic(Service service, String path, Handler handler) {
    add(HandlerType.GET, service, path, handler, false);
  }

  public void postPublic(Service service, String path, Handler handler) {
    add(HandlerType.POST, service, path, handler, false);
  }

  /**
   * Answers a GET of {@code path} from a browser (one that prefers {@code text/html} to JSON) with
   * {@code handler}, ahead of the JSON route at the same path, which keeps serving API clients.
   */
  public void browserPage(String path, Handler handler) {
    routes.before(
        path,
        context -> {
          if (HandlerType.GET.equals(context.method()) && prefersHtml(context.header("Accept"))) {
            context.attribute(SERVICE_ATTRIBUTE, Service.FAULTLINE);
            handler.handle(new Exchange(context, mapper, baseUrl.get(), null));
            context.skipRemainingHandlers();
          }
        });
  }

  /** Whether an Accept header asks for HTML before (or instead of) JSON. */
  static boolean prefersHtml(String accept) {
    if (accept == null) {
      return false;
    }
    int html = accept.indexOf("text/html");
    int json = accept.indexOf("application/json");
    return html >= 0 && (json < 0 || html < json);
  }

  private void add(
      HandlerType method, Service service, String path, Handler handler, boolean authenticated) {
    io.javalin.http.Handler endpoint =
        context -> {
          context.attribute(SERVICE_ATTRIBUTE, service);
          InputChecks.checkParameters(context.queryParamMap(), context.pathParamMap());
          AuthenticatedToken token = authenticated ? authenticate(context) : null;
          if (token != null) {
            context.attribute(TOKEN_ATTRIBUTE, token);
          }
          handler.handle(new Exchange(context, mapper, baseUrl.get(), token));
        };
    registered.add(new Route(method.name(), path, authenticated));
    boolean root = path.equals("/");
    if (!root || service.prefix().isEmpty()) {
      routes.addHttpHandler(method, path, endpoint);
    }
    service
        .prefix()
        .ifPresent(
            prefix -> routes.addHttpHandler(method, root ? prefix : prefix + path, endpoint));
  }

  /** Every route registered so far, in registration order. */
  public List<Route> routes() {
    return List.copyOf(registered);
  }

  private AuthenticatedToken authenticate(Context context) {
    return identity.authenticateToken(context.header("X-Auth-Token"));
  }
}
