package io.faultline.server.cli;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs on a compute host and heartbeats its nova-compute service until stopped. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Heartbeat a host's compute service to a Faultline server, periodically.")
public final class AgentCommand implements Callable<Integer> {
  @Option(names = "--host", required = true, description = "This host's name.")
  String host;

  @Option(
      names = "--interval-ms",
      defaultValue = "1000",
      description = "Milliseconds between beats (default: ${DEFAULT-VALUE}).")
  long intervalMillis;

  @Option(names = "--once", description = "Send one beat and exit (status 0 if accepted).")
  boolean once;

  @Mixin Connection connection;

  @Override
  public Integer call() throws InterruptedException {
    if (intervalMillis < 1) {
      System.err.println("faultline agent: --interval-ms must be positive");
      return 2;
    }
    FaultlineClient client;
    try {
      client = connection.client();
    } catch (IllegalArgumentException e) {
      System.err.println("faultline agent: " + e.getMessage());
      return 2;
    }
    Map<String, String> body = Map.of("host", host, "binary", "nova-compute");
    while (true) {
      boolean accepted = beat(client, body);
      if (once) {
        return accepted ? 0 : 1;
      }
      Thread.sleep(intervalMillis);
    }
  }

  /** A failed beat is reported and retried at the next interval: the agent never gives up. */
  private static boolean beat(FaultlineClient client, Map<String, String> body)
      throws InterruptedException {
    try {
      FaultlineClient.Response response =
          client.send("POST", "/v1/agents/heartbeat", body, Map.of());
      if (!response.ok()) {
        System.err.println(
            "heartbeat refused: HTTP "
                + response.status()
                + " "
                + FaultlineClient.message(response.body()));
      }
      return response.ok();
    } catch (IOException e) {
      System.err.println("heartbeat failed: " + e.getMessage());
      return false;
    }
  }
}
