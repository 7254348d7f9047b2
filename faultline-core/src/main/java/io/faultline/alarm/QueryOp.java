package io.faultline.alarm;

import io.faultline.error.FaultlineException;
import java.util.Locale;

/** Aodh's query operators; each tests the sign of {@code compare(actual, expected)}. */
public enum QueryOp {
  LT,
  LE,
  EQ,
  NE,
  GE,
  GT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean test(int comparison) {
    return switch (this) {
      case LT -> comparison < 0;
      case LE -> comparison <= 0;
      case EQ -> comparison == 0;
      case NE -> comparison != 0;
      case GE -> comparison >= 0;
      case GT -> comparison > 0;
    };
  }

  public static QueryOp fromWire(String value, String term) {
    for (QueryOp op : values()) {
      if (op.wireName().equals(value)) {
        return op;
      }
    }
    throw FaultlineException.badRequest(
        "Invalid query " + term + ": op '" + value + "' must be one of lt, le, eq, ne, ge, gt");
  }
}
