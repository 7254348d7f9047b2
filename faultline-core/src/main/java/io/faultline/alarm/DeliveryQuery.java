package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Which webhook deliveries to list, newest first: of one fault, of one alarm, of one project (empty
 * means any), at most {@code limit}.
 */
public record DeliveryQuery(
    Optional<String> faultId, Optional<AlarmId> alarmId, Optional<String> projectId, int limit) {
  public DeliveryQuery {
    requireNonNull(faultId, "faultId is null");
    requireNonNull(alarmId, "alarmId is null");
    requireNonNull(projectId, "projectId is null");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, not " + limit);
    }
  }

  public DeliveryQuery withProject(Optional<String> value) {
    return new DeliveryQuery(faultId, alarmId, value, limit);
  }
}
