package io.faultline.server.logging;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;

/**
 * Chooses the log format for {@code logback.xml}: the system property {@code faultline.log.format}
 * or else the environment variable {@code FAULTLINE_LOG_FORMAT}, {@code json} (the default) or
 * {@code text}. The value names the appender the root logger writes to. An unknown value falls back
 * to JSON with a warning rather than losing every log line.
 */
public final class LogFormat extends PropertyDefinerBase {
  public static final String PROPERTY = "faultline.log.format";
  public static final String VARIABLE = "FAULTLINE_LOG_FORMAT";

  @Override
  public String getPropertyValue() {
    String setting = System.getProperty(PROPERTY);
    String source = "-D" + PROPERTY;
    if (setting == null || setting.isBlank()) {
      setting = System.getenv(VARIABLE);
      source = VARIABLE;
    }
    if (setting == null || setting.isBlank()) {
      return "json";
    }
    String format = setting.strip().toLowerCase(Locale.ROOT);
    if (format.equals("json") || format.equals("text")) {
      return format;
    }
    // Said once on standard error, where the logs would have gone: logback keeps its warnings to
    // itself unless its own debugging is on.
    System.err.println(
        "faultline: " + source + "=" + setting + " is not a log format (json or text); using json");
    return "json";
  }
}
