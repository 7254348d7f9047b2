package io.faultline.server.cli;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Host administration: the host-down report and its lifting (the seed's host-update), each a fault
 * like a monitor's, and maintenance windows.
 */
@Command(
    name = "host",
    mixinStandardHelpOptions = true,
    description = "Report a compute host down (or lift the report); set its maintenance.",
    subcommands = {HostCommand.Down.class, HostCommand.Up.class, HostCommand.MaintenanceMode.class})
public final class HostCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = "Force HOST's compute service down and stop its instances at once.")
  static final class Down implements Callable<Integer> {
    @Parameters(paramLabel = "HOST")
    String host;

    @Mixin Connection connection;

    @Override
    public Integer call() throws InterruptedException {
      return report(connection, host, true);
    }
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = "Lift the report: HOST's service follows its heartbeats again.")
  static final class Up implements Callable<Integer> {
    @Parameters(paramLabel = "HOST")
    String host;

    @Mixin Connection connection;

    @Override
    public Integer call() throws InterruptedException {
      return report(connection, host, false);
    }
  }

  @Command(
      name = "maintenance",
      mixinStandardHelpOptions = true,
      description =
          "Put HOST in maintenance (on) or end it (off). A host in maintenance is never fenced;"
              + " a window given with --until ends by itself.")
  static final class MaintenanceMode implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "on|off")
    String mode;

    @Parameters(index = "1", paramLabel = "HOST")
    String host;

    @Option(names = "--reason", description = "why (kept as the compute service's disabled reason)")
    String reason;

    @Option(names = "--until", description = "when the window ends by itself (ISO-8601 instant)")
    String until;

    @Mixin Connection connection;

    @Override
    public Integer call() throws InterruptedException {
      if (!mode.equals("on") && !mode.equals("off")) {
        System.err.println("faultline host maintenance: the mode is on or off, not '" + mode + "'");
        return 2;
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("maintenance", mode.equals("on"));
      if (reason != null) {
        body.put("reason", reason);
      }
      if (until != null) {
        body.put("until", until);
      }
      return send(connection, "PUT", "/v1/hosts/" + host + "/maintenance", body, Map.of());
    }
  }

  private static int report(Connection connection, String host, boolean down)
      throws InterruptedException {
    return send(
        connection,
        "PUT",
        "/v2.1/os-hosts/" + host,
        Map.of("host_down_reported", down),
        Map.of("X-OpenStack-Nova-API-Version", "2.1"));
  }

  private static int send(
      Connection connection,
      String method,
      String path,
      Map<String, Object> body,
      Map<String, String> headers)
      throws InterruptedException {
    try {
      FaultlineClient.Response response = connection.client().send(method, path, body, headers);
      if (!response.ok()) {
        System.err.println(
            "faultline host: HTTP "
                + response.status()
                + ": "
                + FaultlineClient.message(response.body()));
        return 1;
      }
      System.out.println(response.body());
      return 0;
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("faultline host: " + e.getMessage());
      return 2;
    }
  }
}
