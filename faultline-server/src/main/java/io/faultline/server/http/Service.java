package io.faultline.server.http;

import java.util.Optional;

/**
 * The OpenStack service a route belongs to. It decides the fault body shape and the path prefix
 * under which the route is mounted besides its bare path: the catalog points at the prefixed URLs,
 * so that every service has its own root for version discovery.
 */
public enum Service {
  IDENTITY("/identity"),
  COMPUTE("/compute"),
  NETWORK("/network"),
  ALARMING("/alarming"),
  IMAGE("/image"),
  FAULTLINE(null);

  private final String prefix;

  Service(String prefix) {
    this.prefix = prefix;
  }

  public Optional<String> prefix() {
    return Optional.ofNullable(prefix);
  }

  /** The service whose routes a path falls under, for requests that match no route. */
  public static Service forPath(String path) {
    for (Service service : values()) {
      if (service.prefix != null
          && (path.equals(service.prefix) || path.startsWith(service.prefix + "/"))) {
        return service;
      }
    }
    if (path.startsWith("/v3")) {
      return IDENTITY;
    }
    if (path.startsWith("/v2.1")) {
      return COMPUTE;
    }
    if (path.startsWith("/v2.0")) {
      return NETWORK;
    }
    if (path.startsWith("/v2/images") || path.startsWith("/v2/schemas")) {
      return IMAGE;
    }
    if (path.startsWith("/v2")) {
      return ALARMING;
    }
    return FAULTLINE;
  }
}
