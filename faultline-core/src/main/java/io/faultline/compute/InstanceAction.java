package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** One entry of an instance's action log ({@code os-instance-actions}). */
public record InstanceAction(
    String requestId,
    InstanceId instanceId,
    String action,
    String projectId,
    String userId,
    Instant startTime,
    Optional<String> message) {
  public static final String CREATE = "create";
  public static final String DELETE = "delete";
  public static final String RESET_STATE = "resetState";
  public static final String EVACUATE = "evacuate";
  public static final String HOST_DOWN = "reportHostDown";

  public InstanceAction {
    requireNonNull(requestId, "requestId is null");
    requireNonNull(instanceId, "instanceId is null");
    requireNonNull(action, "action is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(userId, "userId is null");
    requireNonNull(startTime, "startTime is null");
    requireNonNull(message, "message is null");
  }

  /** An action recorded alike for many instances (a host-down report's fan-out). */
  public record Template(
      String requestId,
      String action,
      String projectId,
      String userId,
      Instant startTime,
      Optional<String> message) {
    public Template {
      requireNonNull(requestId, "requestId is null");
      requireNonNull(action, "action is null");
      requireNonNull(projectId, "projectId is null");
      requireNonNull(userId, "userId is null");
      requireNonNull(startTime, "startTime is null");
      requireNonNull(message, "message is null");
    }

    public InstanceAction forInstance(InstanceId instance) {
      return new InstanceAction(requestId, instance, action, projectId, userId, startTime, message);
    }
  }
}
