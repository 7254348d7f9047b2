package io.faultline.doctor;

import io.faultline.cause.FaultId;
import java.util.List;
import java.util.Optional;

/** Durable record of faults and their timelines. */
public interface FaultStore {
  /**
   * Inserts or replaces the fault's record. The count of reports never goes down: a repeat counted
   * by {@link #open} (on another node, say) survives a save of an older in-memory copy. The fence
   * attempts are not written here ({@link #recordFenceAttempt} adds them).
   *
   * <p>The write is conditional on the writer still owning the fault: in a cluster, the record must
   * still name this node and the fault's {@link Fault#epoch}. A node whose lease ran out while it
   * was paused, and whose fault another node adopted meanwhile, gets {@link FaultNotOwned} and
   * nothing is written.
   */
  void save(Fault fault);

  /**
   * Records, durably, that this process is about to fence the fault's host, under the same
   * ownership condition as {@link #save} (with the epoch the writer holds the fault at); returns
   * every attempt recorded for it, oldest first, this one last. An attempt after others is marked a
   * {@link FenceAttempt#repeat repeat}.
   *
   * @throws FaultNotOwned when the writer no longer owns the fault, or the store has no such fault
   */
  List<FenceAttempt> recordFenceAttempt(FaultId id, long epoch, java.time.Instant at);

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
