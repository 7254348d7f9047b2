package io.faultline.store;

import static java.util.Objects.requireNonNull;

import io.faultline.alarm.AlarmState;
import io.faultline.compute.ComputeHost;
import io.faultline.compute.ServiceStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts an operator graphs, read straight from the store with one aggregate query each: alarms by
 * state, compute hosts by state, and the outbox's depth and oldest batch. Cheap enough to run at
 * every metrics scrape; never on a request path.
 */
public final class StoreCounts {
  private final Database database;

  public StoreCounts(Database database) {
    this.database = requireNonNull(database, "database is null");
  }

  /** Where a compute host stands, as a host list shows it. */
  public enum HostState {
    UP,
    DOWN,
    /** Forced down (fenced), whatever its heartbeats say. */
    FORCED_DOWN,
    /** Disabled: in maintenance. */
    MAINTENANCE
  }

  /** The unpublished batches of the outbox, and when the oldest was written. */
  public record OutboxDepth(long batches, Optional<Instant> oldest) {
    public OutboxDepth {
      requireNonNull(oldest, "oldest is null");
    }
  }

  /** Every alarm state with its count (zero when none). */
  public Map<AlarmState, Long> alarmsByState() {
    Map<AlarmState, Long> counts = new EnumMap<>(AlarmState.class);
    for (AlarmState state : AlarmState.values()) {
      counts.put(state, 0L);
    }
    database
        .jdbi()
        .useHandle(
            handle ->
                handle
                    .createQuery("SELECT state, COUNT(*) AS n FROM alarm GROUP BY state")
                    .map((rs, ctx) -> Map.entry(rs.getString("state"), rs.getLong("n")))
                    .forEach(row -> counts.put(AlarmState.valueOf(row.getKey()), row.getValue())));
    return counts;
  }

  /**
   * Every host state with its count of compute services (zero when none); a host is down when its
   * last heartbeat is older than {@code serviceDownTime} at {@code now}.
   */
  public Map<HostState, Long> hostsByState(Instant now, Duration serviceDownTime) {
    Map<HostState, Long> counts = new EnumMap<>(HostState.class);
    for (HostState state : HostState.values()) {
      counts.put(state, 0L);
    }
    OffsetDateTime cutoff = Timestamps.toDatabase(now.minus(serviceDownTime));
    database
        .jdbi()
        .useHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT status, forced_down, fresh, COUNT(*) AS n FROM"
                            + " (SELECT status, forced_down, last_heartbeat >= :cutoff AS fresh"
                            + " FROM compute_service WHERE binary_name = :binary) hosts"
                            + " GROUP BY status, forced_down, fresh")
                    .bind("cutoff", cutoff)
                    .bind("binary", ComputeHost.COMPUTE_BINARY)
                    .map(
                        (rs, ctx) -> {
                          HostState state =
                              rs.getBoolean("forced_down")
                                  ? HostState.FORCED_DOWN
                                  : ServiceStatus.valueOf(rs.getString("status"))
                                          == ServiceStatus.DISABLED
                                      ? HostState.MAINTENANCE
                                      : rs.getBoolean("fresh") ? HostState.UP : HostState.DOWN;
                          return Map.entry(state, rs.getLong("n"));
                        })
                    .forEach(row -> counts.merge(row.getKey(), row.getValue(), Long::sum)));
    return counts;
  }

  public OutboxDepth outbox() {
    return database
        .jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox_batch")
                    .map(
                        (rs, ctx) -> {
                          OffsetDateTime oldest = rs.getObject("oldest", OffsetDateTime.class);
                          return new OutboxDepth(
                              rs.getLong("n"),
                              Optional.ofNullable(oldest).map(Timestamps::fromDatabase));
                        })
                    .one());
  }
}
