package io.faultline.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.error.FaultlineException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronTest {
  // Friday 27 November 2026.
  private static final ZonedDateTime FRIDAY_0930 =
      ZonedDateTime.of(2026, 11, 27, 9, 30, 0, 0, ZoneOffset.UTC);

  @ParameterizedTest
  @CsvSource({
    "0 9 * * mon-fri, 2026-11-27T09:00Z",
    "0 9 * * MON-FRI, 2026-11-27T09:00Z",
    "0 9 * * sat, 2026-11-21T09:00Z",
    "0 9 * * 7, 2026-11-22T09:00Z",
    "0 0 * jan-mar *, 2026-03-31T00:00Z",
    "@daily, 2026-11-27T00:00Z",
    "@midnight, 2026-11-27T00:00Z",
    "@hourly, 2026-11-27T09:00Z",
    "@weekly, 2026-11-22T00:00Z",
    "@monthly, 2026-11-01T00:00Z",
    "@yearly, 2026-01-01T00:00Z",
    "@annually, 2026-01-01T00:00Z",
    "*/20 * * * *, 2026-11-27T09:20Z",
  })
  void lastStartReadsNamesAndMacrosAsCroniterDoes(String expression, String expected) {
    assertThat(Cron.parse(expression).lastStartAtOrBefore(FRIDAY_0930))
        .contains(ZonedDateTime.parse(expected));
  }

  @Test
  void bothDayFieldsRestrictedMatchEither() {
    // The 1st of the month or a Monday: Monday 23 November comes before Tuesday 1 December.
    assertThat(Cron.parse("0 9 1 * mon").lastStartAtOrBefore(FRIDAY_0930))
        .contains(ZonedDateTime.parse("2026-11-23T09:00Z"));
  }

  @Test
  void aStartAtTheVeryMinuteCounts() {
    ZonedDateTime nine = FRIDAY_0930.withMinute(0);
    assertThat(Cron.parse("0 9 * * *").lastStartAtOrBefore(nine)).contains(nine);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "61 * * * *", "* * * *", "0 9 * * funday", "@reboot", "@often"})
  void invalidExpressionsAreRefused(String expression) {
    assertThatThrownBy(() -> Cron.parse(expression)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void timeConstraintOnWeekdayNamesIsActiveOnlyInItsWindow() {
    TimeConstraint office = TimeConstraint.of("office", "", "0 9 * * mon-fri", 3600, "");
    assertThat(office.active(Instant.parse("2026-11-27T09:30:00Z"))).isTrue();
    assertThat(office.active(Instant.parse("2026-11-27T10:00:00Z"))).isTrue();
    assertThat(office.active(Instant.parse("2026-11-27T10:00:01Z"))).isFalse();
    assertThat(office.active(Instant.parse("2026-11-28T09:30:00Z"))).isFalse();
  }

  @Test
  void timeConstraintWithAnInvalidStartIsA400() {
    assertThatThrownBy(() -> TimeConstraint.of("x", "", "0 9 * * funday", 10, ""))
        .isInstanceOf(FaultlineException.class)
        .hasMessageContaining("start '0 9 * * funday' is not valid cron");
  }
}
