package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * An event type as Aodh matches it: {@code fnmatch} shell wildcards ({@code *}, {@code ?}, {@code
 * [seq]}, {@code [!seq]}). Patterns without wildcards are exact names, which the index looks up by
 * hash; a trailing {@code *} alone is a prefix test; anything else is compiled once to a regex.
 */
public final class EventTypePattern {
  private final String glob;
  private final boolean exact;
  private final String prefix;
  private final Pattern regex;

  public EventTypePattern(String glob) {
    this.glob = requireNonNull(glob, "glob is null");
    boolean wildcard = glob.indexOf('*') >= 0 || glob.indexOf('?') >= 0 || glob.indexOf('[') >= 0;
    this.exact = !wildcard;
    String head = glob.endsWith("*") ? glob.substring(0, glob.length() - 1) : null;
    boolean simplePrefix =
        head != null && head.indexOf('*') < 0 && head.indexOf('?') < 0 && head.indexOf('[') < 0;
    this.prefix = simplePrefix ? head : null;
    this.regex = wildcard && !simplePrefix ? Pattern.compile(toRegex(glob)) : null;
  }

  public String glob() {
    return glob;
  }

  public boolean exact() {
    return exact;
  }

  public boolean matches(String eventType) {
    if (exact) {
      return glob.equals(eventType);
    }
    if (prefix != null) {
      return eventType.startsWith(prefix);
    }
    return regex.matcher(eventType).matches();
  }

  /** Python's {@code fnmatch.translate}, enough of it: {@code * ? [seq] [!seq]}. */
  private static String toRegex(String glob) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i++);
      switch (c) {
        case '*' -> out.append(".*");
        case '?' -> out.append('.');
        case '[' -> {
          int close = glob.indexOf(']', i + 1);
          if (close < 0) {
            out.append("\\[");
          } else {
            String set = glob.substring(i, close);
            i = close + 1;
            if (set.startsWith("!")) {
              set = "^" + set.substring(1);
            }
            out.append('[').append(set.replace("\\", "\\\\")).append(']');
          }
        }
        default -> out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EventTypePattern pattern && pattern.glob.equals(glob);
  }

  @Override
  public int hashCode() {
    return glob.hashCode();
  }

  @Override
  public String toString() {
    return glob;
  }
}
