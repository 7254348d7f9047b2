package io.faultline.server.http;

/** A set of routes, registered once at start. */
public interface ApiModule {
  void register(Router router);
}
