package io.faultline.alarm;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Optional;

/**
 * The type a query value is compared as. {@code ""} is what aodhclient sends when the user gave no
 * type; it compares as a string, like Aodh does, and is shown back as sent.
 */
public enum ValueType {
  UNSPECIFIED(""),
  STRING("string"),
  INTEGER("integer"),
  FLOAT("float"),
  BOOLEAN("boolean"),
  DATETIME("datetime");

  private final String wireName;

  ValueType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ValueType> fromWire(String value) {
    for (ValueType type : values()) {
      if (type.wireName.equals(value)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /**
   * Converts a value (a query's string, or an event trait of any JSON-ish type) to this type; empty
   * when it does not convert, which for a trait means "no match".
   */
  public Optional<Comparable<?>> convert(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          switch (this) {
            case UNSPECIFIED, STRING -> asString(value);
            case INTEGER -> asLong(value);
            case FLOAT -> asDouble(value);
            case BOOLEAN -> asBoolean(value);
            case DATETIME -> asInstant(value);
          });
    } catch (DateTimeException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String asString(Object value) {
    return value instanceof String text ? text : String.valueOf(value);
  }

  private static Long asLong(Object value) {
    if (value instanceof Long number) {
      return number;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number) {
      throw new IllegalArgumentException("not an integer: " + value);
    }
    return Long.parseLong(asString(value).trim());
  }

  private static Double asDouble(Object value) {
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    double parsed = Double.parseDouble(asString(value).trim());
    if (Double.isNaN(parsed)) {
      throw new IllegalArgumentException("not a number: " + value);
    }
    return parsed;
  }

  private static Boolean asBoolean(Object value) {
    if (value instanceof Boolean bool) {
      return bool;
    }
    String text = asString(value).trim();
    if (text.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (text.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    throw new IllegalArgumentException("not a boolean: " + value);
  }

  /**
   * ISO 8601 date and time, with or without an offset. Parsed in one pass: OpenStack writes times
   * without an offset, and trying an offset first cost a parse exception per timestamp.
   */
  private static final DateTimeFormatter DATE_TIME_OPTIONAL_OFFSET =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .optionalStart()
          .appendOffsetId()
          .optionalEnd()
          .toFormatter(Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT)
          .withChronology(IsoChronology.INSTANCE);

  /** ISO 8601 with or without an offset; without one it is UTC, as OpenStack writes times. */
  static Instant asInstant(Object value) {
    if (value instanceof Instant instant) {
      return instant;
    }
    String text = asString(value).trim().replace(' ', 'T');
    TemporalAccessor parsed = DATE_TIME_OPTIONAL_OFFSET.parse(text);
    LocalDateTime local = LocalDateTime.from(parsed);
    return parsed.isSupported(ChronoField.OFFSET_SECONDS)
        ? local.toInstant(ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)))
        : local.toInstant(ZoneOffset.UTC);
  }
}
