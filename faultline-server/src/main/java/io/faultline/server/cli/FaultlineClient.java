package io.faultline.server.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A small client of a Faultline server for the CLI: password authentication (project-scoped token,
 * renewed on a 401) and JSON requests.
 */
public final class FaultlineClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A response: status and body text. */
  public record Response(int status, String body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final String baseUrl;
  private final String username;
  private final String password;
  private final String project;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String token;

  public FaultlineClient(String baseUrl, String username, String password, String project) {
    this.baseUrl = stripSlash(checked(requireNonNull(baseUrl, "baseUrl is null")));
    this.username = requireNonNull(username, "username is null");
    this.password = requireNonNull(password, "password is null");
    this.project = requireNonNull(project, "project is null");
  }

  /** An http(s) URL with a host; anything else is refused here with what was wrong. */
  private static String checked(String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(
          "the Faultline URL must look like http://HOST:PORT, not '"
              + url
              + "' ("
              + e.getReason()
              + ")");
    }
    if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "the Faultline URL must look like http://HOST:PORT, not '" + url + "'");
    }
    return url.strip();
  }

  public String baseUrl() {
    return baseUrl;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Sends a JSON request with a token; authenticates first, and once more after a 401. */
  public Response send(String method, String path, Object body, Map<String, String> headers)
      throws IOException, InterruptedException {
    if (token == null) {
      token = authenticate();
    }
    Response response = exchange(method, path, body, headers);
    if (response.status() == 401) {
      token = authenticate();
      response = exchange(method, path, body, headers);
    }
    return response;
  }

  private Response exchange(String method, String path, Object body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(10))
            .header("X-Auth-Token", token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json");
    headers.forEach(request::header);
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    HttpResponse<String> response = call(request.build());
    return new Response(response.statusCode(), response.body());
  }

  private String authenticate() throws IOException, InterruptedException {
    Map<String, Object> auth =
        Map.of(
            "auth",
            Map.of(
                "identity",
                Map.of(
                    "methods",
                    java.util.List.of("password"),
                    "password",
                    Map.of(
                        "user",
                        Map.of(
                            "name", username,
                            "domain", Map.of("id", "default"),
                            "password", password))),
                "scope",
                Map.of("project", Map.of("name", project, "domain", Map.of("id", "default")))));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/v3/auth/tokens"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(auth)))
            .build();
    HttpResponse<String> response = call(request);
    if (response.statusCode() != 201) {
      throw new IOException(
          "authentication as "
              + username
              + " at "
              + request.uri()
              + " failed: HTTP "
              + response.statusCode()
              + " "
              + message(response.body()));
    }
    return response
        .headers()
        .firstValue("X-Subject-Token")
        .orElseThrow(() -> new IOException("authentication returned no X-Subject-Token"));
  }

  /** Sends; a failure names the request and says why, never just {@code null}. */
  private HttpResponse<String> call(HttpRequest request) throws IOException, InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException(request.method() + " " + request.uri() + " failed: " + reason(e), e);
    }
  }

  /** Why an exchange failed, in words: the first message along the causes, else their kind. */
  static String reason(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.ConnectException) {
        return "connection refused (is Faultline running there?)";
      }
      if (cause instanceof java.net.http.HttpConnectTimeoutException) {
        return "connection timed out";
      }
      if (cause instanceof java.net.http.HttpTimeoutException) {
        return "no response in time";
      }
      if (cause instanceof java.nio.channels.UnresolvedAddressException
          || cause instanceof java.net.UnknownHostException) {
        return "unknown host";
      }
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        return cause.getMessage();
      }
    }
    return failure.getClass().getSimpleName();
  }

  /** The message of an OpenStack fault body, or the raw body. */
  public static String message(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.isObject() && node.size() == 1) {
        JsonNode fault = node.elements().next();
        if (fault.has("message")) {
          return fault.get("message").asText();
        }
      }
    } catch (IOException e) {
      // Not JSON: show it as it is.
    }
    return body;
  }
}
