package io.faultline.server.config;

/**
 * {@code server.*}: where the HTTP listener binds and the URL clients reach it by.
 *
 * @param host interface to bind ({@code server.host})
 * @param port TCP port for every API ({@code server.port}, env {@code FAULTLINE_PORT}); 0 picks one
 * @param publicUrl URL put in the catalog ({@code server.public-url}); default http://host:port
 * @param maxBodyBytes largest accepted request body ({@code server.max-body-bytes})
 */
public record ServerConfig(String host, Integer port, String publicUrl, Long maxBodyBytes) {
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
    if (publicUrl != null
        && !publicUrl.isBlank()
        && !publicUrl.startsWith("http://")
        && !publicUrl.startsWith("https://")) {
      throw new IllegalArgumentException("server.public-url must be an http(s) URL: " + publicUrl);
    }
  }

  public static ServerConfig defaults() {
    return new ServerConfig(null, null, null, null);
  }
}
