package io.faultline.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the oslo.policy check-string language: {@code role:X}, {@code rule:X}, {@code
 * attribute:value}, {@code @}, {@code !}, {@code not}, {@code and}, {@code or} and parentheses,
 * with {@code or} binding loosest, as oslo.policy does.
 */
public final class PolicyParser {
  private final List<String> tokens;
  private int position;

  private PolicyParser(String text) {
    this.tokens = tokenize(text);
  }

  /** Parses {@code text}; throws {@link IllegalArgumentException} naming what is wrong. */
  public static PolicyExpression parse(String text) {
    if (text == null || text.isBlank()) {
      return new PolicyExpression.Always();
    }
    PolicyParser parser = new PolicyParser(text);
    PolicyExpression expression = parser.parseOr();
    if (parser.position != parser.tokens.size()) {
      throw new IllegalArgumentException(
          "unexpected '" + parser.tokens.get(parser.position) + "' in policy \"" + text + "\"");
    }
    return expression;
  }

  private PolicyExpression parseOr() {
    List<PolicyExpression> operands = new ArrayList<>();
    operands.add(parseAnd());
    while (peekIs("or")) {
      position++;
      operands.add(parseAnd());
    }
    return operands.size() == 1 ? operands.get(0) : new PolicyExpression.Or(operands);
  }

  private PolicyExpression parseAnd() {
    List<PolicyExpression> operands = new ArrayList<>();
    operands.add(parseUnary());
    while (peekIs("and")) {
      position++;
      operands.add(parseUnary());
    }
    return operands.size() == 1 ? operands.get(0) : new PolicyExpression.And(operands);
  }

  private PolicyExpression parseUnary() {
    if (peekIs("not")) {
      position++;
      return new PolicyExpression.Not(parseUnary());
    }
    if (position >= tokens.size()) {
      throw new IllegalArgumentException("policy ends where a check was expected");
    }
    String token = tokens.get(position++);
    if (token.equals("(")) {
      PolicyExpression inner = parseOr();
      if (!peekIs(")")) {
        throw new IllegalArgumentException("missing ')' in policy");
      }
      position++;
      return inner;
    }
    return check(token);
  }

  private static PolicyExpression check(String token) {
    if (token.equals("@")) {
      return new PolicyExpression.Always();
    }
    if (token.equals("!")) {
      return new PolicyExpression.Never();
    }
    int colon = token.indexOf(':');
    if (colon <= 0 || colon == token.length() - 1) {
      throw new IllegalArgumentException("'" + token + "' is not a check of the form kind:value");
    }
    String kind = token.substring(0, colon);
    String value = token.substring(colon + 1);
    return switch (kind) {
      case "role" -> new PolicyExpression.RoleCheck(value);
      case "rule" -> new PolicyExpression.RuleReference(value);
      default -> new PolicyExpression.GenericCheck(kind, value);
    };
  }

  private boolean peekIs(String word) {
    return position < tokens.size() && tokens.get(position).equals(word);
  }

  /**
   * Splits on white space, then peels parentheses off the ends of each word, as oslo.policy does: a
   * balanced parenthesis inside a word (as in {@code %(project_id)s}) belongs to the word.
   */
  private static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    for (String word : text.trim().split("\\s+", -1)) {
      int start = 0;
      int end = word.length();
      while (start < end && word.charAt(start) == '(') {
        tokens.add("(");
        start++;
      }
      int closing = 0;
      while (end > start && word.charAt(end - 1) == ')' && unbalanced(word, start, end)) {
        closing++;
        end--;
      }
      if (start < end) {
        tokens.add(word.substring(start, end));
      }
      for (int i = 0; i < closing; i++) {
        tokens.add(")");
      }
    }
    return tokens;
  }

  /** Whether {@code word[start, end)} closes more parentheses than it opens. */
  private static boolean unbalanced(String word, int start, int end) {
    int depth = 0;
    for (int i = start; i < end; i++) {
      char c = word.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
    }
    return depth < 0;
  }
}
