package io.faultline.server.http;

import static io.faultline.error.FaultlineException.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.error.FaultlineException;
import java.util.Optional;

/** Reads request fields, answering 400 with the field's path and the type it must have. */
public final class Json {
  private Json() {}

  /** The member {@code field} of {@code node}, which must be a JSON object. */
  public static ObjectNode object(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw missing(node, field, field);
    }
    if (!value.isObject()) {
      throw badRequest("'" + field + "' must be an object, not " + describe(value));
    }
    return (ObjectNode) value;
  }

  public static Optional<ObjectNode> optionalObject(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    return Optional.of(object(node, field));
  }

  public static String requiredString(JsonNode node, String field, String path) {
    return optionalString(node, field, path).orElseThrow(() -> missing(node, field, path));
  }

  /**
   * The 400 for a missing property. When the object has a key that looks like a misspelling of it
   * ({@code nam} for {@code name}), the message names that key, so the caller sees what to fix.
   */
  public static FaultlineException missing(JsonNode node, String field, String path) {
    String message = "'" + path + "' is a required property";
    if (node != null && node.isObject()) {
      for (var property : node.properties()) {
        String key = property.getKey();
        if (!key.equals(field) && resembles(key, field)) {
          return badRequest(
              message
                  + "; unknown key '"
                  + key
                  + "' given instead (did you mean '"
                  + field
                  + "'?)");
        }
      }
    }
    return badRequest(message);
  }

  /** Whether {@code key} is within two edits of {@code field}, ignoring case. */
  private static boolean resembles(String key, String field) {
    String a = key.toLowerCase(java.util.Locale.ROOT);
    String b = field.toLowerCase(java.util.Locale.ROOT);
    if (Math.abs(a.length() - b.length()) > 2 || a.length() > 64) {
      return false;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()] <= 2;
  }

  public static Optional<String> optionalString(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw badRequest("'" + path + "' must be a string, not " + describe(value));
    }
    return Optional.of(value.asText());
  }

  public static Optional<Boolean> optionalBoolean(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isBoolean()) {
      throw badRequest("'" + path + "' must be a boolean, not " + describe(value));
    }
    return Optional.of(value.asBoolean());
  }

  public static Optional<Integer> optionalInt(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw badRequest("'" + path + "' must be an integer, not " + describe(value));
    }
    return Optional.of(value.asInt());
  }

  /** How a value appears in an error message: its JSON type and a short rendering. */
  public static String describe(JsonNode value) {
    String text = value.toString();
    if (text.length() > 40) {
      text = text.substring(0, 40) + "…";
    }
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + text;
  }
}
