package io.faultline.server.api.alarm;

import static io.faultline.error.FaultlineException.badRequest;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.alarm.Alarm;
import io.faultline.alarm.AlarmChange;
import io.faultline.alarm.AlarmDocument;
import io.faultline.alarm.AlarmId;
import io.faultline.alarm.AlarmService;
import io.faultline.alarm.AlarmState;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Aodh v2: alarms, their state and history, queries and capabilities, under {@code /alarming}. */
public final class AlarmApi implements ApiModule {
  /** An alarm or a history entry by attribute name, as a complex query filters it. */
  private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() {};

  private static final Service AODH = Service.ALARMING;
  private static final Set<String> LIST_FIELDS =
      Set.of(
          "all_projects",
          "user_id",
          "project_id",
          "type",
          "name",
          "enabled",
          "state",
          "severity",
          "timestamp",
          "repeat_actions",
          "alarm_id",
          "resource_id");
  private static final int HISTORY_LIMIT = 1000;

  /** The query parameters of Aodh's lists; any other is a 400. */
  private static final Set<String> LIST_PARAMETERS =
      Set.of("q.field", "q.op", "q.value", "q.type", "limit", "marker", "sort");

  private final AlarmService alarms;
  private final int maxPage;

  /**
   * @param maxPage the most alarms one list answer holds, and how many without a {@code limit}:
   *     Aodh's list has no next link, so a client pages on with {@code marker} (the last id)
   */
  public AlarmApi(AlarmService alarms, int maxPage) {
    this.alarms = requireNonNull(alarms, "alarms is null");
    if (maxPage < 1) {
      throw new IllegalArgumentException("maxPage must be at least 1: " + maxPage);
    }
    this.maxPage = maxPage;
  }

  @Override
  public void register(Router router) {
    router.getPublic(AODH, "/", this::versions);
    router.get(AODH, "/v2/alarms", this::list);
    router.post(AODH, "/v2/alarms", this::create);
    router.get(
        AODH,
        "/v2/alarms/{alarm_id}",
        e -> e.json(200, AlarmRepresentation.from(alarms.get(e.credentials(), id(e)))));
    router.put(AODH, "/v2/alarms/{alarm_id}", this::replace);
    router.delete(AODH, "/v2/alarms/{alarm_id}", this::delete);
    router.get(
        AODH,
        "/v2/alarms/{alarm_id}/state",
        e -> e.json(200, alarms.state(e.credentials(), id(e)).wireName()));
    router.put(AODH, "/v2/alarms/{alarm_id}/state", this::setState);
    router.get(AODH, "/v2/alarms/{alarm_id}/history", this::history);
    router.post(AODH, "/v2/query/alarms", this::queryAlarms);
    router.post(AODH, "/v2/query/alarms/history", this::queryHistory);
    router.get(AODH, "/v2/capabilities", this::capabilities);
  }

  private void versions(Exchange exchange) {
    String base = exchange.baseUrl() + AODH.prefix().orElse("");
    Version v2 =
        new Version(
            "v2",
            "stable",
            "2013-02-13T00:00:00Z",
            List.of(
                new Link(base + "/v2", "self", null),
                new Link("https://docs.openstack.org/", "describedby", "text/html")),
            List.of(
                new MediaType("application/json", "application/vnd.openstack.telemetry-v2+json"),
                new MediaType("application/xml", "application/vnd.openstack.telemetry-v2+xml")));
    exchange.json(200, new Versions(new VersionValues(List.of(v2))));
  }

  record Link(String href, String rel, @JsonInclude(Include.NON_NULL) String type) {}

  record MediaType(String base, String type) {}

  record Version(
      String id,
      String status,
      String updated,
      List<Link> links,
      @JsonProperty("media-types") List<MediaType> mediaTypes) {}

  record VersionValues(List<Version> values) {}

  record Versions(VersionValues versions) {}

  private void create(Exchange exchange) {
    Alarm alarm = alarms.create(exchange.credentials(), AlarmRequests.draft(exchange.jsonObject()));
    exchange.header(
        "Location", exchange.baseUrl() + AODH.prefix().orElse("") + "/v2/alarms/" + alarm.id());
    exchange.json(201, AlarmRepresentation.from(alarm));
  }

  private void replace(Exchange exchange) {
    Alarm alarm =
        alarms.replace(
            exchange.credentials(), id(exchange), AlarmRequests.draft(exchange.jsonObject()));
    exchange.json(200, AlarmRepresentation.from(alarm));
  }

  private void delete(Exchange exchange) {
    alarms.delete(exchange.credentials(), id(exchange));
    exchange.noContent();
  }

  /** The body is a bare JSON string ({@code "alarm"}), as Aodh and aodhclient send it. */
  private void setState(Exchange exchange) {
    JsonNode body = exchange.jsonBody();
    if (body == null || !body.isTextual()) {
      throw badRequest(
          "state body must be a JSON string: \"ok\", \"alarm\" or \"insufficient data\"");
    }
    AlarmState state =
        alarms.setState(exchange.credentials(), id(exchange), AlarmState.fromWire(body.asText()));
    exchange.json(200, state.wireName());
  }

  private void list(Exchange exchange) {
    rejectUnknownParameters(exchange);
    List<String> fields = exchange.queryAll("q.field");
    List<String> ops = exchange.queryAll("q.op");
    List<String> values = exchange.queryAll("q.value");
    if (values.size() != fields.size()) {
      throw badRequest("each q.field needs a q.value");
    }
    boolean allProjects = false;
    Optional<String> project = Optional.empty();
    Map<String, String> eq = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      String field = fields.get(i);
      String op = i < ops.size() && !ops.get(i).isEmpty() ? ops.get(i) : "eq";
      if (!LIST_FIELDS.contains(field)) {
        throw badRequest(
            "Unknown argument: \""
                + field
                + "\": unrecognized field in query: "
                + field
                + ", valid keys: "
                + String.join(", ", new java.util.TreeSet<>(LIST_FIELDS)));
      }
      if (!op.equals("eq")) {
        throw badRequest(
            "Invalid input for field/attribute op. Value: '"
                + op
                + "'. unimplemented operator for "
                + field);
      }
      switch (field) {
        case "all_projects" -> allProjects = Boolean.parseBoolean(values.get(i));
        case "project_id" -> project = Optional.of(values.get(i));
        default -> eq.put(field, values.get(i));
      }
    }
    int limit = Math.min(maxPage, exchange.query("limit").map(AlarmApi::limit).orElse(maxPage));
    Optional<AlarmId> marker = exchange.query("marker").map(AlarmApi::marker);
    exchange.json(
        200,
        alarms
            .page(exchange.credentials(), allProjects, project, eq, marker, limit)
            .items()
            .stream()
            .map(AlarmRepresentation::from)
            .toList());
  }

  private static AlarmId marker(String value) {
    if (value.isBlank()) {
      throw badRequest("Invalid marker: an alarm id is expected");
    }
    return new AlarmId(value);
  }

  private void history(Exchange exchange) {
    rejectUnknownParameters(exchange);
    List<ChangeRepresentation> documents =
        alarms.history(exchange.credentials(), id(exchange), HISTORY_LIMIT).stream()
            .map(ChangeRepresentation::from)
            .toList();
    exchange.json(200, limit(exchange, documents));
  }

  private void queryAlarms(Exchange exchange) {
    JsonNode body = exchange.jsonObject();
    Predicate<Map<String, Object>> filter = ComplexQuery.parse(body.get("filter"));
    int limit =
        Json.optionalInt(body, "limit", "limit").map(n -> Math.max(0, n)).orElse(Integer.MAX_VALUE);
    // The store is read in batches until the limit is reached, never loaded whole.
    List<AlarmRepresentation> documents =
        alarms
            .search(
                exchange.credentials(),
                exchange.credentials().isAdmin(),
                alarm ->
                    filter.test(
                        exchange.mapper().convertValue(AlarmRepresentation.from(alarm), DOCUMENT)),
                limit)
            .stream()
            .map(AlarmRepresentation::from)
            .toList();
    exchange.json(200, documents);
  }

  private void queryHistory(Exchange exchange) {
    JsonNode body = exchange.jsonObject();
    Predicate<Map<String, Object>> filter = ComplexQuery.parse(body.get("filter"));
    List<ChangeRepresentation> documents = new ArrayList<>();
    for (AlarmChange change : alarms.searchHistory(exchange.credentials(), HISTORY_LIMIT)) {
      ChangeRepresentation document = ChangeRepresentation.from(change);
      if (filter.test(exchange.mapper().convertValue(document, DOCUMENT))) {
        documents.add(document);
      }
    }
    exchange.json(200, limited(body, documents));
  }

  private void capabilities(Exchange exchange) {
    exchange.json(
        200,
        new Capabilities(
            new ApiCapabilities(true, true, true, true), new StorageCapabilities(true)));
  }

  record ApiCapabilities(
      @JsonProperty("alarms:query:simple") boolean querySimple,
      @JsonProperty("alarms:query:complex") boolean queryComplex,
      @JsonProperty("alarms:history:query:simple") boolean historyQuerySimple,
      @JsonProperty("alarms:history:query:complex") boolean historyQueryComplex) {}

  record StorageCapabilities(@JsonProperty("storage:production_ready") boolean productionReady) {}

  record Capabilities(
      ApiCapabilities api, @JsonProperty("alarm_storage") StorageCapabilities alarmStorage) {}

  private static <T> List<T> limit(Exchange exchange, List<T> all) {
    return exchange
        .query("limit")
        .map(AlarmApi::limit)
        .map(n -> all.subList(0, Math.min(n, all.size())))
        .orElse(all);
  }

  /** Aodh's limit: a positive integer. */
  private static int limit(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n < 1) {
        throw badRequest("Limit must be positive");
      }
      return n;
    } catch (NumberFormatException e) {
      throw badRequest("Limit must be an integer: " + value);
    }
  }

  private static <T> List<T> limited(JsonNode body, List<T> all) {
    Optional<Integer> limit = Json.optionalInt(body, "limit", "limit");
    return limit.map(n -> all.subList(0, Math.max(0, Math.min(n, all.size())))).orElse(all);
  }

  private static void rejectUnknownParameters(Exchange exchange) {
    Set<String> unknown = new java.util.TreeSet<>(exchange.queryMap().keySet());
    unknown.removeAll(LIST_PARAMETERS);
    if (!unknown.isEmpty()) {
      throw badRequest(
          "Unknown argument: "
              + String.join(", ", unknown)
              + "; valid: "
              + String.join(", ", new java.util.TreeSet<>(LIST_PARAMETERS)));
    }
  }

  private static AlarmId id(Exchange exchange) {
    return new AlarmId(exchange.pathParam("alarm_id"));
  }

  /**
   * An alarm as the Aodh API shows it: the document its history records, then {@code
   * evaluate_timestamp}, always null (an event alarm is not evaluated periodically).
   */
  record AlarmRepresentation(
      @JsonUnwrapped AlarmDocument alarm,
      @JsonProperty("evaluate_timestamp") String evaluateTimestamp) {
    static AlarmRepresentation from(Alarm alarm) {
      return new AlarmRepresentation(AlarmDocument.from(alarm), null);
    }
  }

  /** One entry of an alarm's history, as Aodh shows it. */
  record ChangeRepresentation(
      @JsonProperty("event_id") String eventId,
      @JsonProperty("alarm_id") String alarmId,
      String type,
      String detail,
      @JsonProperty("project_id") String projectId,
      @JsonProperty("user_id") String userId,
      @JsonProperty("on_behalf_of") String onBehalfOf,
      String severity,
      String timestamp) {
    static ChangeRepresentation from(AlarmChange change) {
      return new ChangeRepresentation(
          change.eventId(),
          change.alarmId().value(),
          change.type().wireName(),
          change.detail(),
          change.projectId(),
          change.userId(),
          change.onBehalfOf(),
          change.severity().wireName(),
          AlarmDocument.time(change.timestamp()));
    }
  }
}
