package io.faultline.server.api.compute;

import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A compute API microversion, {@code 2.N}. */
public record Microversion(int major, int minor) implements Comparable<Microversion> {
  public static final Microversion MIN = new Microversion(2, 1);

  /** The highest version whose behaviour this server implements (2.53: service uuids). */
  public static final Microversion MAX = new Microversion(2, 53);

  private static final Pattern FORMAT = Pattern.compile("^([1-9]\\d*)\\.([1-9]\\d*|0)$");

  public static Microversion parse(String text) {
    String value = text.trim();
    if (value.equalsIgnoreCase("latest")) {
      return MAX;
    }
    Matcher matcher = FORMAT.matcher(value);
    if (!matcher.matches()) {
      throw FaultlineException.badRequest(
          "API Version String "
              + value
              + " is of invalid format. Must be of format MajorNum.MinorNum.");
    }
    if (matcher.group(1).length() > 4 || matcher.group(2).length() > 4) {
      // No version has more than a few digits; a longer number would not even fit an int.
      throw FaultlineException.badRequest(
          "API Version String " + value + " is of invalid format: the numbers are too large.");
    }
    Microversion version =
        new Microversion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    if (version.compareTo(MIN) < 0 || version.compareTo(MAX) > 0) {
      throw new FaultlineException(
          ErrorCode.NOT_ACCEPTABLE,
          "Version "
              + version
              + " is not supported by the API. Minimum is "
              + MIN
              + " and maximum is "
              + MAX
              + ".");
    }
    return version;
  }

  public static Microversion of(int minor) {
    return new Microversion(2, minor);
  }

  /** True when this version is at least {@code 2.minor}. */
  public boolean atLeast(int minor) {
    return compareTo(of(minor)) >= 0;
  }

  @Override
  public int compareTo(Microversion other) {
    return major != other.major
        ? Integer.compare(major, other.major)
        : Integer.compare(minor, other.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
