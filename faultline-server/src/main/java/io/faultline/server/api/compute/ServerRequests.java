package io.faultline.server.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.compute.InstanceFilter;
import io.faultline.compute.InstanceId;
import io.faultline.compute.ServerDetails;
import io.faultline.compute.ServerQuery;
import io.faultline.compute.VmState;
import io.faultline.error.FaultlineException;
import io.faultline.paging.Page;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads Nova server request bodies and list queries; bad input is a 400 naming the field. */
final class ServerRequests {
  /** The list filters Faultline applies; any other query parameter is a 400. */
  static final Set<String> LIST_PARAMETERS =
      Set.of(
          "all_tenants",
          "project_id",
          "tenant_id",
          "host",
          "node",
          "status",
          "vm_state",
          "name",
          "limit",
          "marker",
          "changes-since",
          "image",
          "flavor",
          "user_id",
          "availability_zone",
          "uuid");

  private static final Pattern IPV4 =
      Pattern.compile("^(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}$");
  private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$");

  private ServerRequests() {}

  /** The details a create request gives (2.19+ may give a description). */
  static ServerDetails details(JsonNode server, Microversion version) {
    if (server.has("description") && !version.atLeast(19)) {
      throw FaultlineException.badRequest(
          "Additional properties are not allowed ('description' was unexpected)");
    }
    return new ServerDetails(
        accessIp(server, "accessIPv4", IPV4).orElse(""),
        accessIp(server, "accessIPv6", IPV6).orElse(""),
        Json.optionalString(server, "OS-DCF:diskConfig", "server.OS-DCF:diskConfig")
            .orElse(ServerDetails.MANUAL),
        nullableString(server, "description"),
        Json.optionalString(server, "key_name", "server.key_name"),
        metadata(server, "metadata").orElse(Map.of()));
  }

  static Optional<String> accessIp(JsonNode body, String field, Pattern format) {
    Optional<String> value = Json.optionalString(body, field, field);
    if (value.isPresent() && !value.get().isEmpty() && !format.matcher(value.get()).matches()) {
      throw FaultlineException.badRequest(
          "Invalid input for field/attribute "
              + field
              + ". Value: "
              + value.get()
              + ". '"
              + value.get()
              + "' is not a '"
              + (format == IPV4 ? "ipv4" : "ipv6")
              + "'");
    }
    return value;
  }

  static Optional<String> accessIpv4(JsonNode body) {
    return accessIp(body, "accessIPv4", IPV4);
  }

  static Optional<String> accessIpv6(JsonNode body) {
    return accessIp(body, "accessIPv6", IPV6);
  }

  /** A string or null; null and absence both give empty. */
  static Optional<String> nullableString(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw FaultlineException.badRequest(
          "Invalid input for field/attribute "
              + field
              + ": expected a string or null, not "
              + Json.describe(value));
    }
    return Optional.of(value.asText());
  }

  /** A metadata object of string values (Nova's schema), or empty when absent. */
  static Optional<Map<String, String>> metadata(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw FaultlineException.badRequest(
          "Invalid input for field/attribute "
              + field
              + ": expected an object of strings, not "
              + Json.describe(node));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!entry.getValue().isTextual()) {
        throw FaultlineException.badRequest(
            "Invalid input for field/attribute "
                + field
                + "."
                + entry.getKey()
                + ": expected a string, not "
                + Json.describe(entry.getValue()));
      }
      metadata.put(entry.getKey(), entry.getValue().asText());
    }
    return Optional.of(metadata);
  }

  /**
   * The list request; an unknown parameter or a bad value is a 400. The page holds {@code limit}
   * servers, at most {@code maxPage} (Nova's {@code max_limit}), and {@code maxPage} without one.
   */
  static ServerQuery listQuery(Exchange exchange, InstanceFilter filter, int maxPage) {
    Set<String> unknown = new TreeSet<>(exchange.queryMap().keySet());
    unknown.removeAll(LIST_PARAMETERS);
    if (!unknown.isEmpty()) {
      throw FaultlineException.badRequest(
          "Invalid query parameters: "
              + String.join(", ", unknown)
              + ". Supported: "
              + String.join(", ", new TreeSet<>(LIST_PARAMETERS)));
    }
    int requested = exchange.query("limit").map(ServerRequests::limit).orElse(maxPage);
    OptionalInt limit = OptionalInt.of(Math.min(requested, maxPage));
    return new ServerQuery(
        filter,
        exchange.query("changes-since").map(ServerRequests::changesSince),
        exchange.query("image").map(ServerRequests::lastSegment),
        exchange.query("flavor").map(ServerRequests::lastSegment),
        exchange.query("user_id"),
        exchange.query("uuid").map(InstanceId::new),
        limit,
        exchange.query("marker").map(ServerRequests::marker));
  }

  /** {@code vm_state} names vm states; an unknown one is a 400. */
  static Optional<Set<VmState>> vmStates(Exchange exchange) {
    List<String> values = exchange.queryAll("vm_state");
    if (values.isEmpty()) {
      return Optional.empty();
    }
    Set<VmState> states = EnumSet.noneOf(VmState.class);
    for (String value : values) {
      try {
        states.add(VmState.fromWire(value.toLowerCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw FaultlineException.badRequest("Invalid vm_state '" + value + "'");
      }
    }
    return Optional.of(states);
  }

  /**
   * Nova's paging of a short list held in memory ({@code common.limited_by_marker}): the items
   * after the one whose id is the marker (a 400 when none is), at most {@code limit}, at most and
   * by default {@code maxPage}.
   */
  static <T> Page<T> page(
      List<T> items, Exchange exchange, int maxPage, java.util.function.Function<T, String> id) {
    int limit =
        Math.min(maxPage, exchange.query("limit").map(ServerRequests::limit).orElse(maxPage));
    int from = 0;
    Optional<String> marker = exchange.query("marker");
    if (marker.isPresent()) {
      from = -1;
      for (int i = 0; i < items.size() && from < 0; i++) {
        if (id.apply(items.get(i)).equals(marker.get())) {
          from = i + 1;
        }
      }
      if (from < 0) {
        throw FaultlineException.badRequest("marker [" + marker.get() + "] not found");
      }
    }
    return Page.of(items.subList(from, (int) Math.min(items.size(), from + limit + 1L)), limit);
  }

  static int limit(String value) {
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 0) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // Falls through to the 400 below.
    }
    throw FaultlineException.badRequest(
        "Invalid input for query parameters limit. Value: "
            + value
            + ". limit must be an integer of at least 0");
  }

  private static InstanceId marker(String value) {
    if (value.isBlank()) {
      throw FaultlineException.badRequest("marker [" + value + "] not found");
    }
    return new InstanceId(value);
  }

  /** ISO 8601, with or without an offset (UTC then), as Nova's iso8601 parser reads it. */
  static Instant changesSince(String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        throw FaultlineException.badRequest(
            "Invalid input for query parameters changes-since. Value: "
                + value
                + ". '"
                + value
                + "' is not a 'date-time'");
      }
    }
  }

  private static String lastSegment(String value) {
    int slash = value.lastIndexOf('/');
    return slash >= 0 ? value.substring(slash + 1) : value;
  }
}
