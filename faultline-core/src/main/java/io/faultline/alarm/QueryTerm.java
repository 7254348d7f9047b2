package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import java.util.regex.Pattern;

/**
 * One condition of an event rule: {@code field op value}, the value compared as {@code type}.
 * Fields are {@code traits.<name>} or {@code event_type}. The value is converted once, here, so a
 * term that cannot be evaluated is refused at creation with a message naming it.
 */
public record QueryTerm(String field, QueryOp op, ValueType type, String value, Object typedValue) {
  private static final Pattern FIELD = Pattern.compile("^[a-zA-Z.',0-9_-]*$");
  public static final String TRAITS_PREFIX = "traits.";
  public static final String EVENT_TYPE = "event_type";

  public QueryTerm {
    requireNonNull(field, "field is null");
    requireNonNull(op, "op is null");
    requireNonNull(type, "type is null");
    requireNonNull(value, "value is null");
    requireNonNull(typedValue, "typedValue is null");
  }

  /** Validates and converts a term as received on the wire. */
  public static QueryTerm of(String field, QueryOp op, ValueType type, String value) {
    String term = describe(field, op, type, value);
    if (field == null || field.isEmpty() || !FIELD.matcher(field).matches()) {
      throw FaultlineException.badRequest("Invalid query " + term + ": field is not valid");
    }
    boolean trait = field.startsWith(TRAITS_PREFIX) && field.length() > TRAITS_PREFIX.length();
    if (!trait && !field.equals(EVENT_TYPE)) {
      throw FaultlineException.badRequest(
          "Invalid query "
              + term
              + ": field must be traits.<name> or event_type, not '"
              + field
              + "'");
    }
    if (value == null) {
      throw FaultlineException.badRequest("Invalid query " + term + ": value is required");
    }
    Object converted =
        type.convert(value)
            .orElseThrow(
                () ->
                    FaultlineException.badRequest(
                        "Invalid query "
                            + term
                            + ": value '"
                            + value
                            + "' is not a valid "
                            + type.wireName()));
    return new QueryTerm(field, op, type, value, converted);
  }

  private static String describe(String field, QueryOp op, ValueType type, String value) {
    return "term {field: "
        + field
        + ", op: "
        + (op == null ? null : op.wireName())
        + ", type: "
        + (type == null ? null : type.wireName())
        + ", value: "
        + value
        + "}";
  }

  /** The trait name, or null for the {@code event_type} field. */
  public String traitName() {
    return field.startsWith(TRAITS_PREFIX) ? field.substring(TRAITS_PREFIX.length()) : null;
  }

  /** Whether the event satisfies this term; a missing or unconvertible value never does. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public boolean test(Event event) {
    String trait = traitName();
    Object actual = trait == null ? event.eventType() : event.traits().get(trait);
    if (actual == null) {
      return false;
    }
    Comparable converted = type.convert(actual).orElse(null);
    if (converted == null) {
      return false;
    }
    return op.test(converted.compareTo(typedValue));
  }
}
