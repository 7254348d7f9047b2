package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) read as Aodh's croniter
 * reads it: month and weekday names ({@code mon-fri}, {@code jan}), {@code 7} as Sunday, the macros
 * {@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily},
 * {@code @midnight} and {@code @hourly}, and Vixie cron's rule that when both day fields are
 * restricted either may match. Parsing and the search for a start are cron-utils'.
 */
public final class Cron {
  private static final CronDefinition CRONITER =
      CronDefinitionBuilder.defineCron()
          .withMinutes()
          .withStrictRange()
          .and()
          .withHours()
          .withStrictRange()
          .and()
          .withDayOfMonth()
          .withStrictRange()
          .and()
          .withMonth()
          .withStrictRange()
          .and()
          .withDayOfWeek()
          .withValidRange(0, 7)
          .withMondayDoWValue(1)
          .withIntMapping(7, 0)
          .withStrictRange()
          .and()
          .withSupportedNicknameYearly()
          .withSupportedNicknameAnnually()
          .withSupportedNicknameMonthly()
          .withSupportedNicknameWeekly()
          .withSupportedNicknameDaily()
          .withSupportedNicknameMidnight()
          .withSupportedNicknameHourly()
          .instance();
  private static final CronParser PARSER = new CronParser(CRONITER);

  private final String expression;
  private final ExecutionTime executionTime;

  private Cron(String expression, ExecutionTime executionTime) {
    this.expression = expression;
    this.executionTime = executionTime;
  }

  /**
   * Parses an expression; {@link IllegalArgumentException} with the reason when it is not valid.
   */
  public static Cron parse(String text) {
    requireNonNull(text, "text is null");
    String expression = text.trim();
    if (expression.isEmpty()) {
      throw new IllegalArgumentException("the expression is empty");
    }
    try {
      return new Cron(expression, ExecutionTime.forCron(PARSER.parse(expression)));
    } catch (RuntimeException e) {
      // cron-utils reports a bad expression with several exception types; one is enough here.
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The latest time at or before {@code time} at which the expression fires, if any. */
  public Optional<ZonedDateTime> lastStartAtOrBefore(ZonedDateTime time) {
    ZonedDateTime minute = time.truncatedTo(ChronoUnit.MINUTES);
    if (executionTime.isMatch(minute)) {
      return Optional.of(minute);
    }
    return executionTime.lastExecution(time);
  }

  /** Whether the expression fires at the minute of {@code time}. */
  public boolean fires(ZonedDateTime time) {
    return executionTime.isMatch(time.truncatedTo(ChronoUnit.MINUTES));
  }

  public String expression() {
    return expression;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cron cron && cron.expression.equals(expression);
  }

  @Override
  public int hashCode() {
    return expression.hashCode();
  }

  @Override
  public String toString() {
    return expression;
  }
}
