package io.faultline.server.http;

import static io.faultline.error.FaultlineException.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Checks every request makes before a handler sees it, whatever the route: no string anywhere — a
 * query parameter, a path segment, a JSON key or value — may hold a NUL character. PostgreSQL
 * cannot store one, and no OpenStack field means one, so it is the caller's error (400), found here
 * once rather than as a 500 from the store.
 */
final class InputChecks {
  private static final char NUL = '\u0000';

  private InputChecks() {}

  static void checkParameters(Map<String, List<String>> query, Map<String, String> path) {
    query.forEach(
        (name, values) -> {
          check(name, "query parameter name");
          values.forEach(value -> check(value, "query parameter '" + printable(name) + "'"));
        });
    path.forEach((name, value) -> check(value, "path parameter '" + name + "'"));
  }

  /** Walks the whole document without recursion, however deep it is. */
  static void checkBody(JsonNode body) {
    Deque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
    pending.push(Map.entry("", body));
    while (!pending.isEmpty()) {
      Map.Entry<String, JsonNode> next = pending.pop();
      String path = next.getKey();
      JsonNode node = next.getValue();
      if (node.isTextual()) {
        check(node.textValue(), "field '" + (path.isEmpty() ? "(body)" : path) + "'");
      } else if (node.isObject()) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          check(field.getKey(), "a key of '" + (path.isEmpty() ? "(body)" : path) + "'");
          pending.push(
              Map.entry(
                  path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue()));
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          pending.push(Map.entry(path + "[" + i + "]", node.get(i)));
        }
      }
    }
  }

  private static void check(String value, String what) {
    if (value != null && value.indexOf(NUL) >= 0) {
      throw badRequest(
          "Invalid input for " + printable(what) + ": it contains a NUL character (\\u0000)");
    }
  }

  private static String printable(String text) {
    String shown = text.replace("\u0000", "\\u0000");
    return shown.length() > 80 ? shown.substring(0, 80) + "…" : shown;
  }
}
