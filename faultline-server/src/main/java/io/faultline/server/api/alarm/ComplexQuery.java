package io.faultline.server.api.alarm;

import static io.faultline.error.FaultlineException.badRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Aodh's complex query filter ({@code POST /v2/query/alarms[/history]}): a JSON text such as {@code
 * {"and": [{"=": {"name": "a"}}, {">": {"timestamp": "..."}}]}}, evaluated over the Aodh documents.
 * Leaf operators {@code = != < > <= =< >= => =~ in}; {@code and}, {@code or}, {@code not}; field
 * aliases {@code user} and {@code project}.
 */
final class ComplexQuery {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ComplexQuery() {}

  static Predicate<Map<String, Object>> parse(JsonNode filterText) {
    if (filterText == null || filterText.isNull()) {
      return document -> true;
    }
    JsonNode filter = filterText;
    if (filterText.isTextual()) {
      try {
        filter = JSON.readTree(filterText.asText());
      } catch (JsonProcessingException e) {
        throw badRequest("filter is not valid JSON: " + e.getOriginalMessage());
      }
    }
    return expression(filter);
  }

  private static Predicate<Map<String, Object>> expression(JsonNode node) {
    if (node == null || !node.isObject() || node.size() != 1) {
      throw badRequest("filter expression must be an object with one operator: " + node);
    }
    Map.Entry<String, JsonNode> entry = node.properties().iterator().next();
    String op = entry.getKey().toLowerCase(Locale.ROOT);
    JsonNode operand = entry.getValue();
    return switch (op) {
      case "and", "or" -> {
        if (!operand.isArray() || operand.size() < 2) {
          throw badRequest("'" + op + "' needs a list of at least two expressions");
        }
        Predicate<Map<String, Object>> result = expression(operand.get(0));
        for (int i = 1; i < operand.size(); i++) {
          Predicate<Map<String, Object>> next = expression(operand.get(i));
          result = op.equals("and") ? result.and(next) : result.or(next);
        }
        yield result;
      }
      case "not" -> expression(operand).negate();
      default -> leaf(op, operand);
    };
  }

  private static Predicate<Map<String, Object>> leaf(String op, JsonNode operand) {
    if (!operand.isObject() || operand.size() != 1) {
      throw badRequest("operator '" + op + "' needs one {field: value}");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = operand.properties().iterator();
    Map.Entry<String, JsonNode> field = fields.next();
    String name = alias(field.getKey().toLowerCase(Locale.ROOT));
    JsonNode expected = field.getValue();
    return switch (op) {
      case "=" -> document -> compare(document.get(name), expected) == 0;
      case "!=" -> document -> compare(document.get(name), expected) != 0;
      case "<" -> document -> compare(document.get(name), expected) < 0;
      case ">" -> document -> compare(document.get(name), expected) > 0;
      case "<=", "=<" -> document -> compare(document.get(name), expected) <= 0;
      case ">=", "=>" -> document -> compare(document.get(name), expected) >= 0;
      case "=~" -> {
        Pattern pattern = pattern(expected);
        yield document -> pattern.matcher(Objects.toString(document.get(name), "")).matches();
      }
      case "in" -> {
        if (!expected.isArray()) {
          throw badRequest("'in' needs a list of values");
        }
        yield document -> {
          for (JsonNode value : expected) {
            if (compare(document.get(name), value) == 0) {
              return true;
            }
          }
          return false;
        };
      }
      default -> throw badRequest("unknown filter operator '" + op + "'");
    };
  }

  /**
   * A user's pattern, compiled by RE2/J: matching takes time linear in the text whatever the
   * pattern, so no filter can tie a request thread up (a backtracking engine takes seconds on
   * {@code (.*a){20}b}). A pattern that does not compile is the caller's error.
   */
  private static Pattern pattern(JsonNode expected) {
    if (!expected.isTextual()) {
      throw badRequest("'=~' needs a regular expression string, not " + expected);
    }
    try {
      return Pattern.compile(expected.asText());
    } catch (PatternSyntaxException e) {
      throw badRequest("invalid regular expression in '=~': " + e.getMessage());
    }
  }

  private static String alias(String field) {
    return switch (field) {
      case "user" -> "user_id";
      case "project" -> "project_id";
      default -> field;
    };
  }

  /** Numbers compare as numbers, anything else as text; a missing field sorts first. */
  private static int compare(Object actual, JsonNode expected) {
    if (actual == null) {
      return expected.isNull() ? 0 : -1;
    }
    if (actual instanceof Number number && expected.isNumber()) {
      return Double.compare(number.doubleValue(), expected.asDouble());
    }
    return actual.toString().compareTo(expected.asText());
  }
}
