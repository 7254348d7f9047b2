package io.faultline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The fault timeline from the command line: {@code GET /v1/faults} and {@code /v1/faults/ID}. */
@Command(
    name = "faults",
    mixinStandardHelpOptions = true,
    description = "List the faults Faultline received, or show one with its timeline.",
    subcommands = {FaultsCommand.ListFaults.class, FaultsCommand.Show.class})
public final class FaultsCommand implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List faults, newest first: id, received time, type, host, status and the milliseconds"
              + " from detection to the last stage reached.")
  static final class ListFaults implements Callable<Integer> {
    @Option(names = "--host", description = "Only faults about this host.")
    String host;

    @Option(
        names = "--type",
        description = "Only faults of this type (compute.host.down, network.port.down, ...).")
    String type;

    @Option(
        names = "--status",
        description = "Only faults in this status (received, fencing, handled, unfenced, ...).")
    String status;

    @Option(
        names = "--since",
        description = "Only faults received at or after this ISO-8601 instant.")
    String since;

    @Option(
        names = "--limit",
        defaultValue = "100",
        description = "At most this many faults (default: ${DEFAULT-VALUE}, at most 1000).")
    int limit;

    @Option(
        names = "--marker",
        description = "Start after this fault id (the previous page's last).")
    String marker;

    @Mixin Connection connection;

    @Override
    public Integer call() throws InterruptedException {
      List<String> query = new ArrayList<>();
      add(query, "host", host);
      add(query, "type", type);
      add(query, "status", status);
      add(query, "since", since);
      add(query, "limit", Integer.toString(limit));
      add(query, "marker", marker);
      JsonNode body = get(connection, "/v1/faults?" + String.join("&", query));
      if (body == null) {
        return 1;
      }
      JsonNode faults = body.path("faults");
      if (faults.isEmpty()) {
        System.out.println("no faults");
        return 0;
      }
      System.out.printf(
          "%-36s  %-24s  %-20s  %-20s  %-9s  %s%n",
          "ID", "RECEIVED", "TYPE", "HOST", "STATUS", "MS");
      for (JsonNode fault : faults) {
        System.out.printf(
            "%-36s  %-24s  %-20s  %-20s  %-9s  %s%n",
            fault.path("id").asText(),
            received(fault),
            fault.path("type").asText(),
            fault.path("hostname").asText(),
            fault.path("status").asText(),
            lastMillis(fault));
      }
      JsonNode next = body.at("/faults_links/0/href");
      if (!next.isMissingNode()) {
        System.out.println("more: --marker " + faults.get(faults.size() - 1).path("id").asText());
      }
      return 0;
    }

    private static void add(List<String> query, String name, String value) {
      if (value != null) {
        query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show one fault: its fields, its timeline stage by stage, what it touched.")
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "FAULT_ID")
    String id;

    @Mixin Connection connection;

    @Override
    public Integer call() throws InterruptedException {
      JsonNode body =
          get(connection, "/v1/faults/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
      if (body == null) {
        return 1;
      }
      JsonNode fault = body.path("fault");
      for (String field :
          List.of(
              "id",
              "type",
              "hostname",
              "port_id",
              "monitor",
              "monitor_event_id",
              "status",
              "message",
              "reports")) {
        System.out.printf("%-17s %s%n", field, text(fault.path(field)));
      }
      System.out.println("timeline");
      for (JsonNode stage : fault.path("timeline")) {
        System.out.printf(
            "  %-3s %-26s %-30s %10s ms  (+%s ms)%n",
            stage.path("stage").asText(),
            stage.path("name").asText(),
            stage.path("at").asText(),
            text(stage.path("ms_since_detected")),
            text(stage.path("ms_since_previous")));
      }
      System.out.println("affected");
      fault
          .path("affected")
          .properties()
          .forEach(
              entry -> {
                List<String> ids = new ArrayList<>();
                entry.getValue().forEach(item -> ids.add(item.asText()));
                System.out.printf(
                    "  %-15s %s%n",
                    entry.getKey(), ids.isEmpty() ? "none" : String.join(", ", ids));
              });
      return 0;
    }
  }

  /** A JSON value as an operator reads it: {@code -} for none. */
  static String text(JsonNode value) {
    return value == null || value.isMissingNode() || value.isNull() ? "-" : value.asText();
  }

  private static String received(JsonNode fault) {
    for (JsonNode stage : fault.path("timeline")) {
      if (stage.path("name").asText().equals("received")) {
        return stage.path("at").asText();
      }
    }
    return "-";
  }

  private static String lastMillis(JsonNode fault) {
    JsonNode timeline = fault.path("timeline");
    if (timeline.isEmpty()) {
      return "-";
    }
    JsonNode last = timeline.get(timeline.size() - 1);
    return last.path("stage").asText() + " " + text(last.path("ms_since_detected"));
  }

  /** The response body of a GET, or null after printing why it failed. */
  private static JsonNode get(Connection connection, String path) throws InterruptedException {
    try {
      FaultlineClient.Response response = connection.client().send("GET", path, null, Map.of());
      if (!response.ok()) {
        System.err.println(
            "faultline faults: HTTP "
                + response.status()
                + ": "
                + FaultlineClient.message(response.body()));
        return null;
      }
      return JSON.readTree(response.body());
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("faultline faults: " + e.getMessage());
      return null;
    }
  }
}
