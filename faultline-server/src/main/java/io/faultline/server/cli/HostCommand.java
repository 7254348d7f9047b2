package io.faultline.server.cli;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Host administration: the host-down report and its lifting (the seed's host-update). */
@Command(
    name = "host",
    mixinStandardHelpOptions = true,
    description = "Report a compute host down (or lift the report).",
    subcommands = {HostCommand.Down.class, HostCommand.Up.class})
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

  private static int report(Connection connection, String host, boolean down)
      throws InterruptedException {
    try {
      FaultlineClient.Response response =
          connection
              .client()
              .send(
                  "PUT",
                  "/v2.1/os-hosts/" + host,
                  Map.of("host_down_reported", down),
                  Map.of("X-OpenStack-Nova-API-Version", "2.1"));
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
