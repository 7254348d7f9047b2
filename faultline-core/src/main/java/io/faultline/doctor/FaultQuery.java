package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

import io.faultline.cause.FaultId;
import java.time.Instant;
import java.util.Optional;

/**
 * Which faults to list: each filter present narrows the list; {@code since} keeps faults received
 * at or after it. Faults come newest first; a page holds at most {@code limit} faults and starts
 * after the fault {@code marker} (the last one of the previous page).
 */
public record FaultQuery(
    Optional<String> host,
    Optional<FaultType> type,
    Optional<FaultStatus> status,
    Optional<Instant> since,
    int limit,
    Optional<FaultId> marker) {
  public FaultQuery {
    requireNonNull(host, "host is null");
    requireNonNull(type, "type is null");
    requireNonNull(status, "status is null");
    requireNonNull(since, "since is null");
    requireNonNull(marker, "marker is null");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
  }

  /** The newest {@code limit} faults, unfiltered. */
  public static FaultQuery newest(int limit) {
    return new FaultQuery(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        limit,
        Optional.empty());
  }

  /** Whether the fault passes the filters (paging aside). */
  public boolean matches(Fault fault) {
    return host.map(fault.hostname()::equals).orElse(true)
        && type.map(t -> t == fault.type()).orElse(true)
        && status.map(s -> s == fault.status()).orElse(true)
        && since
            .map(s -> !fault.stamp(FaultStage.RECEIVED).orElse(Instant.EPOCH).isBefore(s))
            .orElse(true);
  }
}
