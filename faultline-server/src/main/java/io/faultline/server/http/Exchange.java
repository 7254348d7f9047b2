package io.faultline.server.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.identity.AuthenticatedToken;
import io.faultline.policy.Credentials;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One request and its response, as handlers see them. */
public final class Exchange {
  private final Context context;
  private final ObjectMapper mapper;
  private final String baseUrl;
  private final AuthenticatedToken token;

  Exchange(Context context, ObjectMapper mapper, String baseUrl, AuthenticatedToken token) {
    this.context = requireNonNull(context, "context is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
    this.token = token;
  }

  /** The authenticated caller; only public routes have none. */
  public Credentials credentials() {
    return authenticatedToken().credentials();
  }

  public AuthenticatedToken authenticatedToken() {
    if (token == null) {
      throw new IllegalStateException("public route asked for credentials");
    }
    return token;
  }

  public String pathParam(String name) {
    return context.pathParam(name);
  }

  public Optional<String> query(String name) {
    return Optional.ofNullable(context.queryParam(name));
  }

  public List<String> queryAll(String name) {
    return context.queryParams(name);
  }

  public Map<String, List<String>> queryMap() {
    return context.queryParamMap();
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(context.header(name));
  }

  public String method() {
    return context.method().name();
  }

  public String path() {
    return context.path();
  }

  /** The body as a JSON object; 400 when it is empty, malformed or of another JSON type. */
  public ObjectNode jsonObject() {
    JsonNode body = jsonBody();
    if (!body.isObject()) {
      throw FaultlineException.badRequest(
          "request body must be a JSON object, not " + Json.describe(body));
    }
    return (ObjectNode) body;
  }

  /** The body as any JSON value; 400 when it is empty or malformed. */
  public JsonNode jsonBody() {
    String body = context.body();
    if (body.isBlank()) {
      throw new FaultlineException(ErrorCode.MALFORMED_JSON, "request body is empty; send JSON");
    }
    try {
      JsonNode node = mapper.readTree(body);
      if (node == null) {
        throw new FaultlineException(ErrorCode.MALFORMED_JSON, "request body is empty; send JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new FaultlineException(
          ErrorCode.MALFORMED_JSON, "malformed JSON in request body: " + e.getOriginalMessage(), e);
    }
  }

  public void json(int status, Object body) {
    try {
      context.status(status).contentType("application/json").result(mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response is not serializable", e);
    }
  }

  /** A plain-text body; the content type is whatever the handler set, else text/plain. */
  public void text(int status, String body) {
    if (context.res().getContentType() == null) {
      context.contentType("text/plain; charset=utf-8");
    }
    context.status(status).result(body);
  }

  public void noContent() {
    context.status(204);
  }

  public void status(int status) {
    context.status(status);
  }

  public void header(String name, String value) {
    context.header(name, value);
  }

  /**
   * Starts a server-sent event stream: answers 200 {@code text/event-stream} now and returns the
   * body to write events to (flush after each one). The handler keeps the request until it returns.
   */
  public java.io.OutputStream openEventStream() throws java.io.IOException {
    context.status(200);
    context.contentType("text/event-stream; charset=utf-8");
    context.header("Cache-Control", "no-cache");
    context.header("X-Accel-Buffering", "no");
    var response = context.res();
    response.flushBuffer();
    return response.getOutputStream();
  }

  /** A binary body with its content type. */
  public void bytes(int status, String contentType, byte[] body) {
    context.status(status).contentType(contentType).result(body);
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /** This server's public URL, without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }
}
