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

  /** Faults accepted but not yet handled to the end (received or being fenced), oldest first. */
  List<Fault> unfinished();
}
