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
    this.baseUrl = stripSlash(requireNonNull(baseUrl, "baseUrl is null"));
    this.username = requireNonNull(username, "username is null");
    this.password = requireNonNull(password, "password is null");
    this.project = requireNonNull(project, "project is null");
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
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IOException(
          "authentication as "
              + username
              + " failed: HTTP "
              + response.statusCode()
              + " "
              + response.body());
    }
    return response
        .headers()
        .firstValue("X-Subject-Token")
        .orElseThrow(() -> new IOException("authentication returned no X-Subject-Token"));
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
