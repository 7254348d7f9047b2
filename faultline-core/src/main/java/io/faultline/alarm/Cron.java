package io.faultline.alarm;

import java.time.ZonedDateTime;
import java.util.BitSet;
import java.util.List;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week), as croniter reads it.
 */
public record Cron(
    BitSet minutes,
    BitSet hours,
    BitSet days,
    BitSet months,
    BitSet weekdays,
    boolean anyDay,
    boolean anyWeekday) {

  public static Cron parse(String text) {
    String[] fields = text.trim().split("\\s+", -1);
    if (fields.length != 5) {
      throw new IllegalArgumentException("expected 5 fields, got " + fields.length);
    }
    BitSet weekdays = field(fields[4], 0, 7, "day-of-week");
    if (weekdays.get(7)) {
      weekdays.set(0); // 7 is Sunday too
    }
    return new Cron(
        field(fields[0], 0, 59, "minute"),
        field(fields[1], 0, 23, "hour"),
        field(fields[2], 1, 31, "day-of-month"),
        field(fields[3], 1, 12, "month"),
        weekdays,
        fields[2].equals("*"),
        fields[4].equals("*"));
  }

  public boolean fires(ZonedDateTime t) {
    if (!minutes.get(t.getMinute()) || !hours.get(t.getHour()) || !months.get(t.getMonthValue())) {
      return false;
    }
    boolean day = days.get(t.getDayOfMonth());
    boolean weekday = weekdays.get(t.getDayOfWeek().getValue() % 7);
    // Vixie cron: when both day fields are restricted, either may match.
    if (!anyDay && !anyWeekday) {
      return day || weekday;
    }
    return day && weekday;
  }

  private static BitSet field(String text, int min, int max, String name) {
    BitSet set = new BitSet(max + 1);
    for (String part : List.of(text.split(",", -1))) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = number(part.substring(slash + 1), name);
        range = part.substring(0, slash);
        if (step < 1) {
          throw new IllegalArgumentException(name + " step must be positive");
        }
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        String[] bounds = range.split("-", 2);
        from = number(bounds[0], name);
        to = number(bounds[1], name);
      } else {
        from = number(range, name);
        to = slash >= 0 ? max : from;
      }
      if (from < min || to > max || from > to) {
        throw new IllegalArgumentException(name + " out of range " + min + "-" + max + ": " + part);
      }
      for (int i = from; i <= to; i += step) {
        set.set(i);
      }
    }
    return set;
  }

  private static int number(String text, String name) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a number: " + text, e);
    }
  }
}
