package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Aodh's time constraint: the alarm is evaluated only during {@code duration} seconds after each
 * time the cron expression {@code start} fires, in {@code timezone} (UTC when empty).
 */
public record TimeConstraint(
    String name, String description, String start, long duration, String timezone, Cron cron) {
  public TimeConstraint {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(start, "start is null");
    requireNonNull(timezone, "timezone is null");
    requireNonNull(cron, "cron is null");
  }

  public static TimeConstraint of(
      String name, String description, String start, long duration, String timezone) {
    if (name == null || name.isBlank()) {
      throw FaultlineException.badRequest("time_constraints: name is required");
    }
    if (start == null) {
      throw FaultlineException.badRequest("time_constraints " + name + ": start is required");
    }
    if (duration < 0) {
      throw FaultlineException.badRequest(
          "time_constraints " + name + ": duration must be a number of seconds >= 0");
    }
    String zone = timezone == null ? "" : timezone;
    if (!zone.isEmpty()) {
      try {
        ZoneId.of(zone);
      } catch (DateTimeException e) {
        throw FaultlineException.badRequest(
            "time_constraints " + name + ": timezone '" + zone + "' is not a valid IANA zone");
      }
    }
    Cron cron;
    try {
      cron = Cron.parse(start);
    } catch (IllegalArgumentException e) {
      throw FaultlineException.badRequest(
          "time_constraints "
              + name
              + ": start '"
              + start
              + "' is not valid cron: "
              + e.getMessage());
    }
    return new TimeConstraint(
        name, description == null ? "" : description, start, duration, zone, cron);
  }

  /**
   * Whether {@code now} falls within {@code duration} seconds after the latest start of the cron,
   * as Aodh checks it (croniter's previous start, then {@code start <= now <= start + duration}).
   */
  public boolean active(Instant now) {
    ZoneId zone = timezone.isEmpty() ? ZoneOffset.UTC : ZoneId.of(timezone);
    ZonedDateTime local = now.atZone(zone);
    return cron.lastStartAtOrBefore(local)
        .map(start -> !local.isAfter(start.plusSeconds(duration)))
        .orElse(false);
  }
}
