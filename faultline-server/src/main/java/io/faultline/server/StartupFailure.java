package io.faultline.server;

import io.faultline.server.config.FaultlineConfig;
import java.net.BindException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a failure to start into one line that names the cause and the setting to change, so that an
 * operator reads a sentence, not a stack trace.
 */
final class StartupFailure {
  private StartupFailure() {}

  static String describe(Throwable failure, FaultlineConfig config) {
    List<Throwable> chain = chain(failure);
    String root = message(chain.get(chain.size() - 1));
    for (Throwable cause : chain) {
      if (cause instanceof BindException) {
        return "cannot listen on "
            + config.server().host()
            + ":"
            + config.server().port()
            + ": "
            + root
            + " (set server.port or FAULTLINE_PORT to a free port)";
      }
    }
    if (chain.stream().anyMatch(StartupFailure::isDatabaseFailure)) {
      return "cannot open the database at "
          + withoutSecrets(config.store().databaseSettings().url())
          + ": "
          + databaseReason(chain)
          + " (check store.url or FAULTLINE_DB_URL, store.user, store.password)";
    }
    return "cannot start: " + root;
  }

  /** Whether the stack trace is wanted as well: only when debug logging is on. */
  static boolean debug(java.util.Map<String, String> environment) {
    String level = environment.getOrDefault("FAULTLINE_LOG_LEVEL", "").toUpperCase(Locale.ROOT);
    return level.equals("DEBUG") || level.equals("TRACE") || level.equals("ALL");
  }

  private static boolean isDatabaseFailure(Throwable cause) {
    return cause instanceof SQLException
        || cause.getClass().getName().startsWith("com.zaxxer.hikari.")
        || cause.getClass().getName().startsWith("org.flywaydb.");
  }

  /** The most specific message: the deepest SQL exception's, else the root's. */
  private static String databaseReason(List<Throwable> chain) {
    String reason = null;
    for (Throwable cause : chain) {
      if (cause instanceof SQLException && cause.getMessage() != null) {
        reason = cause.getMessage();
      }
    }
    if (reason != null && reason.startsWith("No suitable driver")) {
      return "the JDBC driver does not accept this URL (is the host, port or database malformed?)";
    }
    return reason != null ? firstLine(reason) : message(chain.get(chain.size() - 1));
  }

  /** A JDBC URL may carry a password among its parameters; those are not printed. */
  static String withoutSecrets(String url) {
    int query = url.indexOf('?');
    return query >= 0 && url.toLowerCase(Locale.ROOT).contains("password")
        ? url.substring(0, query) + "?…"
        : url;
  }

  private static List<Throwable> chain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable cause = failure;
        cause != null && !chain.contains(cause) && chain.size() < 20;
        cause = cause.getCause()) {
      chain.add(cause);
    }
    return chain;
  }

  private static String message(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank()
        ? cause.getClass().getSimpleName()
        : firstLine(message);
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return (newline < 0 ? text : text.substring(0, newline)).strip();
  }
}
