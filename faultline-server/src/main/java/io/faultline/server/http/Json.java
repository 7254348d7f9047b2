package io.faultline.server.http;

import static io.faultline.error.FaultlineException.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** Reads request fields, answering 400 with the field's path and the type it must have. */
public final class Json {
  private Json() {}

  /** The member {@code field} of {@code node}, which must be a JSON object. */
  public static ObjectNode object(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw badRequest("'" + field + "' is a required property");
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
    return optionalString(node, field, path)
        .orElseThrow(() -> badRequest("'" + path + "' is a required property"));
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
