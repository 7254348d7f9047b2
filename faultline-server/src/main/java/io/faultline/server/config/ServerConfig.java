package io.faultline.server.config;

import java.time.Duration;

/**
 * {@code server.*}: where the HTTP listener binds and the URL clients reach it by.
 *
 * @param host interface to bind ({@code server.host})
 * @param port TCP port for every API ({@code server.port}, env {@code FAULTLINE_PORT}); 0 picks one
 * @param publicUrl URL put in the catalog ({@code server.public-url}); default http://host:port
 * @param maxBodyBytes largest accepted request body ({@code server.max-body-bytes}), counted as it
 *     is read whatever the transfer encoding
 * @param bodyTimeout how long a request may leave its connection silent, e.g. a declared body that
 *     does not arrive, before it is answered 408 ({@code server.body-timeout}, PT30S)
 * @param maxPage the most items one page of a list holds, and the page size when the client gives
 *     no {@code limit} ({@code server.max-page}, 1000 as Nova's {@code max_limit}): servers,
 *     hypervisors, ports, networks, subnets and alarms
 */
public record ServerConfig(
    String host,
    Integer port,
    String publicUrl,
    Long maxBodyBytes,
    Duration bodyTimeout,
    Integer maxPage) {
  public ServerConfig(String host, Integer port, String publicUrl, Long maxBodyBytes) {
    this(host, port, publicUrl, maxBodyBytes, null, null);
  }

  public ServerConfig(
      String host, Integer port, String publicUrl, Long maxBodyBytes, Duration bodyTimeout) {
    this(host, port, publicUrl, maxBodyBytes, bodyTimeout, null);
  }

  public ServerConfig {
    host = host == null ? "127.0.0.1" : host;
    port = port == null ? 8080 : port;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("server.port must be between 0 and 65535: " + port);
    }
    maxBodyBytes = maxBodyBytes == null ? 1_048_576L : maxBodyBytes;
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("server.max-body-bytes must be at least 1024");
    }
    bodyTimeout = bodyTimeout == null ? Duration.ofSeconds(30) : bodyTimeout;
    if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
      throw new IllegalArgumentException("server.body-timeout must be positive");
    }
    maxPage = maxPage == null ? 1000 : maxPage;
    if (maxPage < 1) {
      throw new IllegalArgumentException("server.max-page must be at least 1: " + maxPage);
    }
    if (publicUrl != null
        && !publicUrl.isBlank()
        && !publicUrl.startsWith("http://")
        && !publicUrl.startsWith("https://")) {
      throw new IllegalArgumentException("server.public-url must be an http(s) URL: " + publicUrl);
    }
  }

  public static ServerConfig defaults() {
    return new ServerConfig(null, null, null, null, null, null);
  }
}
