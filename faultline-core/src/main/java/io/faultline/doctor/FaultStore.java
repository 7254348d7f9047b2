package io.faultline.doctor;

import io.faultline.cause.FaultId;
import java.util.List;
import java.util.Optional;

/** Durable record of faults and their timelines. */
public interface FaultStore {
  /**
   * Inserts or replaces the fault's record. The count of reports never goes down: a repeat counted
   * by {@link #open} (on another node, say) survives a save of an older in-memory copy.
   */
  void save(Fault fault);

  /**
   * Adds stamps and affected resources recorded by a process that does not hold the fault in memory
   * (a node that evaluated its alarms or sent its webhooks), atomically for every process sharing
   * the store. They are kept apart from what {@link #save} writes, so the holder's saves never drop
   * them, and every read returns the fault with them added ({@link Fault#withAdded}). Returns the
   * fault as it reads now, or empty when the store has no such fault.
   */
  Optional<Fault> add(
      FaultId id,
      java.util.Map<FaultStage, java.time.Instant> stamps,
      java.util.Map<FaultTimeline.AffectedKind, List<String>> affected);

  /** What {@link #open} decided: the fault the report belongs to, and whether it merged. */
  record Opening(Fault fault, boolean merged) {}

  /**
   * Opens the episode of a report about {@code subject}, atomically for every process sharing the
   * store: when the subject's latest fault is of the candidate's type and {@link
   * FaultStatus#mergesRepeats merges repeats}, one more report is counted on it and it is returned
   * merged; otherwise the candidate is saved and becomes the subject's latest fault.
   */
  Opening open(String subject, Fault candidate);

  /**
   * Makes a fault being handled again (after a restart, or adopted from a dead node) its subject's
   * latest, unless the subject already has one: a fault recorded before episodes were kept in the
   * store then still takes repeat reports.
   */
  void resumeEpisode(String subject, FaultId id);

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
