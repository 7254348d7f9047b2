package io.faultline.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The OpenStack APIs as a VNF manager or operator script calls them: JSON over HTTP. */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  // HTTP/1.1 with keep-alive, as OpenStack clients talk: no h2c upgrade offered on each connection.
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private String token;

  ApiClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  void login(String user, String password, String project) {
    String body =
        """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
          "domain": {"id": "default"}, "password": "%s"}}},
          "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}
        """
            .formatted(user, password, project);
    HttpResponse<String> response = send("POST", "/v3/auth/tokens", body, 201);
    token = response.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  JsonNode get(String path) {
    return json(send("GET", path, null, 200));
  }

  JsonNode post(String path, String body, int expected) {
    return json(send("POST", path, body, expected));
  }

  /** A POST whose answer only needs its status: a load driver's request, body not parsed. */
  void postExpecting(String path, String body, int expected) {
    send("POST", path, body, expected);
  }

  JsonNode put(String path, String body, int expected) {
    return json(send("PUT", path, body, expected));
  }

  private HttpResponse<String> send(String method, String path, String body, int expected) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("X-OpenStack-Nova-API-Version", "2.53")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("X-Auth-Token", token);
    }
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new IllegalStateException(
            method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response;
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      String body = response.body();
      return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + response.body(), e);
    }
  }
}
