package io.faultline.server.api.identity;

import static io.faultline.error.FaultlineException.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Identity request helpers: list filters (an unknown one is a 400), tags and extra attributes. */
final class QueryFilters {
  private static final ObjectMapper JSON = new ObjectMapper();

  private QueryFilters() {}

  /** 400 naming the filters this list does not know, and the ones it does. */
  static void allowOnly(Exchange exchange, Set<String> known) {
    Set<String> unknown = new TreeSet<>(exchange.queryMap().keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw badRequest(
          "unknown filter(s) "
              + String.join(", ", unknown)
              + (known.isEmpty()
                  ? "; this list takes none"
                  : "; valid: " + String.join(", ", new TreeSet<>(known))));
    }
  }

  /** A boolean filter as Keystone reads one: {@code true}/{@code 1}/empty, or false. */
  static Optional<Boolean> bool(Exchange exchange, String name) {
    return exchange
        .query(name)
        .map(
            value ->
                switch (value.toLowerCase(java.util.Locale.ROOT)) {
                  case "", "true", "1", "yes" -> true;
                  case "false", "0", "no" -> false;
                  default -> throw badRequest("filter " + name + " must be true or false");
                });
  }

  /** Project tags: a list of strings, each non-empty, at most 255 characters, no '/' or ','. */
  static Optional<List<String>> tags(ObjectNode project) {
    JsonNode tags = project.get("tags");
    if (tags == null || tags.isNull()) {
      return Optional.empty();
    }
    if (!tags.isArray()) {
      throw badRequest("'project.tags' must be a list of strings, not " + Json.describe(tags));
    }
    List<String> values = new ArrayList<>();
    for (JsonNode tag : tags) {
      if (!tag.isTextual()
          || tag.asText().isEmpty()
          || tag.asText().length() > 255
          || tag.asText().contains("/")
          || tag.asText().contains(",")) {
        throw badRequest(
            "'project.tags' holds strings of 1 to 255 characters without '/' or ',', not "
                + Json.describe(tag));
      }
      if (!values.contains(tag.asText())) {
        values.add(tag.asText());
      }
    }
    if (values.size() > 80) {
      throw badRequest("'project.tags' holds at most 80 tags");
    }
    return Optional.of(values);
  }

  /** The attributes Keystone does not know, kept as given and returned with the object. */
  static Map<String, Object> extra(ObjectNode body, Set<String> known) {
    Map<String, Object> extra = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      if (!known.contains(field.getKey())) {
        extra.put(field.getKey(), JSON.convertValue(field.getValue(), Object.class));
      }
    }
    return extra;
  }
}
