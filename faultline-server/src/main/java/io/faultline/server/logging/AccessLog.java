package io.faultline.server.logging;

import ch.qos.logback.classic.Level;
import io.faultline.server.http.HttpServer;
import org.slf4j.LoggerFactory;

/** Switches the HTTP access log of this process on or off. */
public final class AccessLog {
  private AccessLog() {}

  /**
   * Turns the access log off: for commands that embed a server and print their own output (the
   * demo, the benchmarks), whose console would otherwise fill with request lines.
   */
  public static void silence() {
    if (LoggerFactory.getLogger(HttpServer.ACCESS_LOGGER)
        instanceof ch.qos.logback.classic.Logger logger) {
      logger.setLevel(Level.OFF);
    }
  }
}
