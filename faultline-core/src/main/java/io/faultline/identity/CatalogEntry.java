package io.faultline.identity;

import static java.util.Objects.requireNonNull;

/**
 * One service in the catalog. Every interface (public, internal, admin) of every service points at
 * this server; ids are derived from the type so that they are stable across restarts.
 */
public record CatalogEntry(String type, String name, String url) {
  public CatalogEntry {
    requireNonNull(type, "type is null");
    requireNonNull(name, "name is null");
    requireNonNull(url, "url is null");
  }
}
