package io.faultline.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.server.logging.LogFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The log format setting names the appender logback.xml writes to; a typo falls back to JSON. */
class LogFormatTest {
  @AfterEach
  void clear() {
    System.clearProperty(LogFormat.PROPERTY);
  }

  private static String formatFor(String setting) {
    System.setProperty(LogFormat.PROPERTY, setting);
    return new LogFormat().getPropertyValue();
  }

  @Test
  void textAndJsonAreChosenWhateverTheirCase() {
    assertThat(formatFor("text")).isEqualTo("text");
    assertThat(formatFor(" TEXT ")).isEqualTo("text");
    assertThat(formatFor("json")).isEqualTo("json");
  }

  @Test
  void anUnknownFormatFallsBackToJsonRatherThanLosingTheLogs() {
    assertThat(formatFor("xml")).isEqualTo("json");
  }
}
