package io.faultline.doctor;

import io.faultline.cause.FaultId;
import java.util.List;
import java.util.Optional;

/** Durable record of faults and their timelines. */
public interface FaultStore {
  /** Inserts or replaces the fault's record. */
  void save(Fault fault);

  Optional<Fault> find(FaultId id);

  /** The most recently detected faults, newest first. */
  List<Fault> recent(int limit);

  /**
   * The faults the query selects, newest first (by received time, then id); a marker that names no
   * stored fault is a bad request.
   */
  List<Fault> list(FaultQuery query);

  /**
   * Deletes up to {@code batch} faults that reached a final status and were received before {@code
   * cutoff}, oldest first; returns how many it deleted.
   */
  int purgeFinishedBefore(java.time.Instant cutoff, int batch);

  /** Faults accepted but not yet handled to the end (received or being fenced), oldest first. */
  List<Fault> unfinished();
}
