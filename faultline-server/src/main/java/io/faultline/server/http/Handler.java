package io.faultline.server.http;

/** Handles one request. */
@FunctionalInterface
public interface Handler {
  void handle(Exchange exchange) throws Exception;
}
