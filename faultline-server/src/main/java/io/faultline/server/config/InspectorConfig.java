package io.faultline.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code inspector.*}.
 *
 * @param fenceAgent how failed hosts are fenced: {@code none} or {@code command} ({@code
 *     inspector.fence-agent})
 * @param fenceCommand executable run with the host name when the agent is {@code command} (an IPMI
 *     power-off script, say) ({@code inspector.fence-command})
 * @param fenceTimeout how long fencing may take before it counts as failed ({@code
 *     inspector.fence-timeout}, PT10S)
 * @param dataPlaneDownOnHostDown set the data plane of a failed host's ports DOWN ({@code
 *     inspector.data-plane-down-on-host-down}, true)
 * @param alertmanager how Alertmanager webhooks map to faults ({@code inspector.alertmanager.*})
 */
public record InspectorConfig(
    String fenceAgent,
    String fenceCommand,
    Duration fenceTimeout,
    Boolean dataPlaneDownOnHostDown,
    AlertmanagerConfig alertmanager) {
  public InspectorConfig(
      String fenceAgent,
      String fenceCommand,
      Duration fenceTimeout,
      Boolean dataPlaneDownOnHostDown) {
    this(fenceAgent, fenceCommand, fenceTimeout, dataPlaneDownOnHostDown, null);
  }

  public InspectorConfig {
    fenceAgent = fenceAgent == null ? "none" : fenceAgent.toLowerCase(Locale.ROOT);
    if (!fenceAgent.equals("none") && !fenceAgent.equals("command")) {
      throw new IllegalArgumentException(
          "inspector.fence-agent must be 'none' or 'command', not '" + fenceAgent + "'");
    }
    if (fenceAgent.equals("command") && (fenceCommand == null || fenceCommand.isBlank())) {
      throw new IllegalArgumentException(
          "inspector.fence-command is required when inspector.fence-agent is 'command'");
    }
    fenceTimeout = fenceTimeout == null ? Duration.ofSeconds(10) : fenceTimeout;
    if (fenceTimeout.isNegative() || fenceTimeout.isZero()) {
      throw new IllegalArgumentException("inspector.fence-timeout must be positive");
    }
    dataPlaneDownOnHostDown = dataPlaneDownOnHostDown == null || dataPlaneDownOnHostDown;
    alertmanager = alertmanager == null ? AlertmanagerConfig.defaults() : alertmanager;
  }

  public static InspectorConfig defaults() {
    return new InspectorConfig(null, null, null, null, null);
  }

  public Path fenceCommandPath() {
    return Path.of(fenceCommand);
  }
}
