package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

import io.faultline.alarm.AlarmId;
import io.faultline.alarm.FiringListener;
import io.faultline.bus.PublicationListener;
import io.faultline.cause.Cause;
import io.faultline.cause.FaultId;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live record of recent faults: the timeline stamps land here in memory (they come from hot
 * paths) and reach the {@link FaultStore} in as few writes as resuming a fault allows.
 *
 * <p>While a fault is being handled, only the stages a restart depends on are written, each
 * through, at once: the fault when it is opened (before it is acknowledged), its fenced stage (the
 * inspector's {@link #persist}, before the host is forced down) and its final status ({@link
 * #move}, before the fault shows it ended). A crash before the final status leaves it unfinished,
 * and it is handled again from the start whatever stamps were lost, so the stamps and changes in
 * between are not written on their own: the next write-through carries them. Once a fault is final,
 * what still arrives (the alarms evaluated, the webhooks sent and acknowledged) is written behind,
 * coalesced, on the given executor; a crash loses only those stamps, never a stage that decides
 * what a restart does. Each write is one commit on the store the loop's own transactions use, so
 * fewer writes leave those commits less to wait behind.
 *
 * <p>Reports about a subject (a host, a port) that already has an open fault of the same type merge
 * into it until the opposite report (up after down) closes that episode.
 *
 * <p>In a cluster a fault is held by the node that received it, but its later stages happen where
 * its alarms are evaluated and its webhooks sent. A stamp for a fault this log does not hold is
 * added to the fault's record in the store (written behind and coalesced the same way), and a fault
 * read back is the holder's state with what the other nodes added.
 *
 * <p>A held fault carries the epoch its node took it at (0 when opened, the adoption's when taken
 * from a dead node); the store refuses every write of it ({@link FaultNotOwned}) once another node
 * has adopted it, so a node paused past its lease cannot overwrite the adopter's record: the
 * inspector then {@link #drop drops} the fault.
 */
public final class FaultLog implements FaultTimeline, PublicationListener, FiringListener {
  private static final Logger log = LoggerFactory.getLogger(FaultLog.class);

  private final FaultStore store;
  private final Executor writer;
  private final int capacity;
  private final Map<FaultId, LiveFault> live;
  private final Set<FaultId> dirty = ConcurrentHashMap.newKeySet();
  private final Map<FaultId, Additions> elsewhere = new ConcurrentHashMap<>();
  private final List<FaultListener> listeners = new CopyOnWriteArrayList<>();
  private final FaultLoopMetrics metrics;

  public FaultLog(FaultStore store, Executor writer, int capacity) {
    this(store, writer, capacity, FaultLoopMetrics.NONE);
  }

  /**
   * @param metrics told of each stage a live fault reaches and of each fault's final status
   */
  public FaultLog(FaultStore store, Executor writer, int capacity, FaultLoopMetrics metrics) {
    this.store = requireNonNull(store, "store is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.writer = requireNonNull(writer, "writer is null");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
    this.live =
        java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
              private static final long serialVersionUID = 1L;

              @Override
              protected boolean removeEldestEntry(Map.Entry<FaultId, LiveFault> eldest) {
                return size() > FaultLog.this.capacity;
              }
            });
  }

  /** Tells {@code listener} of every fault change from now on (see {@link FaultListener}). */
  public void addListener(FaultListener listener) {
    listeners.add(requireNonNull(listener, "listener is null"));
  }

  /** What a new report asks for. */
  public record Report(
      FaultType type,
      String hostname,
      Optional<String> portId,
      String monitor,
      Optional<String> monitorEventId,
      Instant detectedAt) {
    public Report {
      requireNonNull(type, "type is null");
      requireNonNull(hostname, "hostname is null");
      requireNonNull(portId, "portId is null");
      requireNonNull(monitor, "monitor is null");
      requireNonNull(monitorEventId, "monitorEventId is null");
      requireNonNull(detectedAt, "detectedAt is null");
    }

    String subject() {
      return switch (type) {
        case COMPUTE_HOST_DOWN, COMPUTE_HOST_UP -> "host:" + hostname;
        case NETWORK_PORT_DOWN, NETWORK_PORT_UP -> "port:" + portId.orElse(hostname);
        case NETWORK_LINK_DOWN, NETWORK_LINK_UP -> "link:" + hostname;
        case HOST_MAINTENANCE_ON, HOST_MAINTENANCE_OFF -> "maintenance:" + hostname;
      };
    }
  }

  /** The outcome of a report: its fault, and whether it is new or merged into an open one. */
  public record Opened(Fault fault, boolean merged) {}

  /**
   * Opens a fault for the report, or merges it into the open fault of the same episode. The store
   * decides, so that two processes sharing it that each receive a report of one host open one fault
   * between them.
   */
  public synchronized Opened open(Report report, Instant receivedAt) {
    FaultId id = FaultId.random();
    LiveFault entry = new LiveFault(report);
    entry.stamps.put(FaultStage.DETECTED, report.detectedAt());
    entry.stamps.put(FaultStage.RECEIVED, receivedAt);
    // Durable before it is acknowledged: a fault accepted and then lost to a crash would be a
    // host left running with nobody told. Unfinished faults are handled again at start.
    FaultStore.Opening opening;
    try {
      opening = store.open(report.subject(), entry.snapshot(id));
    } catch (RuntimeException e) {
      throw new FaultlineException(
          ErrorCode.UNAVAILABLE, "the fault could not be recorded; report it again", e);
    }
    if (opening.merged()) {
      Fault stored = opening.fault();
      LiveFault known = live.get(stored.id());
      if (known == null) {
        // Another process's fault: the store has counted the report.
        listeners.forEach(listener -> listener.changed(stored.id()));
        listeners.forEach(listener -> listener.saved(stored.id()));
        return new Opened(stored, true);
      }
      synchronized (known) {
        known.reports = Math.max(known.reports + 1, stored.reports());
      }
      markDirty(stored.id());
      return new Opened(known.snapshot(stored.id()), true);
    }
    live.put(id, entry);
    metrics.stageReached(FaultStage.RECEIVED, Duration.between(report.detectedAt(), receivedAt));
    listeners.forEach(listener -> listener.changed(id));
    listeners.forEach(listener -> listener.saved(id));
    return new Opened(opening.fault(), false);
  }

  /**
   * Takes back a fault the store holds unfinished (the process stopped while handling it), as
   * received, so that it is handled again from the start; returns it as a report.
   */
  public synchronized Report adopt(Fault fault) {
    Report report =
        new Report(
            fault.type(),
            fault.hostname(),
            fault.portId(),
            fault.monitor(),
            fault.monitorEventId(),
            fault.stamp(FaultStage.DETECTED).orElse(Instant.EPOCH));
    LiveFault entry = new LiveFault(report);
    entry.stamps.putAll(fault.stamps());
    entry.reports = fault.reports();
    // The epoch it was adopted at: the store refuses this node's writes of it once another node
    // has adopted it in turn.
    entry.epoch = fault.epoch();
    entry.fenceAttempts = fault.fenceAttempts();
    live.put(fault.id(), entry);
    try {
      store.resumeEpisode(report.subject(), fault.id());
    } catch (RuntimeException e) {
      log.warn("fault {} is handled again, but a repeat report may open another", fault.id(), e);
    }
    markDirty(fault.id());
    return report;
  }

  /**
   * The fault as the store has it, whether or not this log holds it: what a node adopting the fault
   * takes up, at the epoch the adoption moved it to.
   */
  public Optional<Fault> stored(FaultId id) {
    return store.find(id);
  }

  /**
   * Records in the store, before the host is fenced, that this node is about to fence it for the
   * fault (see {@link FaultStore#recordFenceAttempt}); returns every attempt recorded for the
   * fault, this one last. Throws {@link FaultNotOwned} when another node has adopted the fault
   * (this node must then not fence), and {@link ErrorCode#UNAVAILABLE} when the store does not
   * answer.
   */
  public List<FenceAttempt> recordFenceAttempt(FaultId id, Instant at) {
    LiveFault entry = entry(id);
    long epoch;
    synchronized (entry) {
      epoch = entry.epoch;
    }
    List<FenceAttempt> attempts;
    try {
      attempts = store.recordFenceAttempt(id, epoch, at);
    } catch (FaultNotOwned e) {
      throw e;
    } catch (RuntimeException e) {
      throw new FaultlineException(
          ErrorCode.UNAVAILABLE, "the fence attempt for fault " + id + " could not be recorded", e);
    }
    synchronized (entry) {
      entry.fenceAttempts = List.copyOf(attempts);
    }
    listeners.forEach(listener -> listener.changed(id));
    listeners.forEach(listener -> listener.saved(id));
    return attempts;
  }

  /**
   * Forgets a fault this node no longer owns (another node adopted it while this one was paused),
   * without writing anything of it: the adopter's record stands.
   */
  public void drop(FaultId id) {
    dirty.remove(id);
    if (live.remove(id) != null) {
      listeners.forEach(listener -> listener.changed(id));
    }
  }

  /** Unfinished faults in the store, oldest first. */
  public List<Fault> unfinished() {
    return store.unfinished();
  }

  /**
   * Moves a fault on. A final status is in the store before this log shows it: whether a new report
   * of the subject merges into this fault is decided by the store, on any node, from the fault's
   * stored status, so a fault that has ended must not read as open there (a report merged into a
   * fault that ended unfenced would never be handled). When the store does not answer, this throws
   * {@link ErrorCode#UNAVAILABLE} and the fault stays open, here and in the store. Other statuses
   * (received, fencing; both take repeat reports) are written behind.
   */
  public void move(FaultId id, FaultStatus status, Optional<String> message) {
    LiveFault entry = entry(id);
    if (!status.isFinal()) {
      synchronized (entry) {
        entry.status = entry.status.moveTo(status, id);
        message.ifPresent(text -> entry.message = text);
      }
      markDirty(id);
      return;
    }
    synchronized (entry.saving) {
      Fault ended;
      synchronized (entry) {
        ended = entry.snapshot(id, entry.status.moveTo(status, id), message);
      }
      try {
        store.save(ended);
      } catch (FaultNotOwned e) {
        throw e;
      } catch (RuntimeException e) {
        throw new FaultlineException(
            ErrorCode.UNAVAILABLE,
            "fault " + id + " could not be recorded " + status.wireName() + "; it stays open",
            e);
      }
      synchronized (entry) {
        entry.status = status;
        message.ifPresent(text -> entry.message = text);
      }
    }
    metrics.faultEnded(entry.type, status);
    listeners.forEach(listener -> listener.changed(id));
    listeners.forEach(listener -> listener.saved(id));
  }

  @Override
  public void stamp(FaultId faultId, FaultStage stage, Instant instant) {
    LiveFault entry = live.get(faultId);
    if (entry == null) {
      // Another node's fault (or one this node no longer holds): its record in the store takes it.
      addElsewhere(faultId, additions -> additions.stamp(stage, instant));
      return;
    }
    Instant detected;
    boolean first;
    synchronized (entry) {
      Instant current = entry.stamps.get(stage);
      first = current == null;
      if (first || (stage.keepsLatest() && instant.isAfter(current))) {
        entry.stamps.put(stage, instant);
      }
      detected = entry.stamps.get(FaultStage.DETECTED);
    }
    // Once-per-fault stages count their first stamp; per-consumer ones (T5 on) every stamp.
    if (detected != null && (first || stage.keepsLatest())) {
      metrics.stageReached(stage, Duration.between(detected, instant));
    }
    markDirty(faultId);
  }

  /** T3: the transaction holding a fault's state changes committed. */
  @Override
  public void committed(Cause cause, Instant at) {
    stamp(cause.faultId(), FaultStage.STATES_COMMITTED, at);
  }

  /** T4: those changes' notifications were published. */
  @Override
  public void published(Cause cause, Instant at) {
    stamp(cause.faultId(), FaultStage.NOTIFICATIONS_PUBLISHED, at);
  }

  /** T5 is when the last alarm a fault fired was evaluated; its webhooks (T6) come after. */
  @Override
  public void fired(FaultId fault, AlarmId alarm, Instant evaluatedAt) {
    affected(fault, AffectedKind.ALARM, List.of(alarm.value()));
    stamp(fault, FaultStage.ALARMS_EVALUATED, evaluatedAt);
  }

  @Override
  public void affected(FaultId faultId, AffectedKind kind, Collection<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    LiveFault entry = live.get(faultId);
    if (entry == null) {
      addElsewhere(faultId, additions -> additions.affect(kind, ids));
      return;
    }
    synchronized (entry) {
      entry.affected.computeIfAbsent(kind, k -> new LinkedHashSet<>()).addAll(ids);
    }
    markDirty(faultId);
  }

  /**
   * The fault as every node recorded it: its live state here, with the stages other nodes added to
   * its record (see {@link FaultStore#add}), or the store's record when this log does not hold it.
   */
  public Optional<Fault> find(FaultId id) {
    LiveFault entry = live.get(id);
    if (entry == null) {
      return store.find(id);
    }
    Fault held = entry.snapshot(id);
    return Optional.of(store.find(id).map(stored -> withStored(held, stored)).orElse(held));
  }

  /** The fault as this log holds it, without what other nodes added; the store's when not held. */
  Optional<Fault> held(FaultId id) {
    LiveFault entry = live.get(id);
    return entry != null ? Optional.of(entry.snapshot(id)) : store.find(id);
  }

  /**
   * A live fault with what its stored record adds: other nodes' stamps (the live state's own are
   * never older than what it saved).
   */
  private static Fault withStored(Fault held, Fault stored) {
    return held.withAdded(stored.stamps(), stored.affected());
  }

  /** The newest faults, live ones first, then what the store remembers. */
  public List<Fault> recent(int limit) {
    Map<FaultId, Fault> merged = new LinkedHashMap<>();
    List<Map.Entry<FaultId, LiveFault>> entries;
    synchronized (live) {
      entries = new ArrayList<>(live.entrySet());
    }
    Map<FaultId, Fault> stored = new LinkedHashMap<>();
    store.recent(limit).forEach(fault -> stored.put(fault.id(), fault));
    for (int i = entries.size() - 1; i >= 0 && merged.size() < limit; i--) {
      FaultId id = entries.get(i).getKey();
      Fault held = entries.get(i).getValue().snapshot(id);
      Fault saved = stored.get(id);
      merged.put(id, saved == null ? held : withStored(held, saved));
    }
    for (Fault fault : stored.values()) {
      if (merged.size() >= limit) {
        break;
      }
      merged.putIfAbsent(fault.id(), fault);
    }
    return List.copyOf(merged.values());
  }

  /**
   * The faults the query selects, as the store has them (filtered and paged there), each replaced
   * by its live state when it is still being handled. The store is written behind the live state,
   * so a fault whose status changed a moment ago may still be listed under its previous one.
   */
  public List<Fault> list(FaultQuery query) {
    List<Fault> listed = new ArrayList<>();
    for (Fault stored : store.list(query)) {
      LiveFault entry = live.get(stored.id());
      Fault current = entry == null ? stored : withStored(entry.snapshot(stored.id()), stored);
      if (query.matches(current)) {
        listed.add(current);
      }
    }
    return listed;
  }

  /**
   * Retention: forgets the faults that reached a final status and were received before {@code
   * cutoff} (from memory first, so no late write brings one back), then deletes up to {@code batch}
   * of them from the store; returns how many the store deleted.
   */
  public int purgeFinishedBefore(Instant cutoff, int batch) {
    synchronized (this) {
      synchronized (live) {
        live.entrySet()
            .removeIf(
                entry -> {
                  LiveFault fault = entry.getValue();
                  synchronized (fault) {
                    Instant received = fault.stamps.get(FaultStage.RECEIVED);
                    return fault.status.isFinal() && received != null && received.isBefore(cutoff);
                  }
                });
      }
    }
    return store.purgeFinishedBefore(cutoff, batch);
  }

  private LiveFault entry(FaultId id) {
    LiveFault entry = live.get(id);
    if (entry == null) {
      throw new IllegalStateException("fault " + id + " is not live");
    }
    return entry;
  }

  /**
   * Schedules one write of a final fault's latest state, however many changes come before it. An
   * unfinished fault's changes wait for its next write-through ({@link #persist}).
   */
  private void markDirty(FaultId id) {
    listeners.forEach(listener -> listener.changed(id));
    LiveFault entry = live.get(id);
    if (entry == null || !entry.isFinal()) {
      return;
    }
    if (dirty.add(id)) {
      writer.execute(() -> flush(id));
    }
  }

  /** Schedules one addition to a fault this log does not hold, however many stamps come first. */
  private void addElsewhere(FaultId id, java.util.function.Consumer<Additions> change) {
    boolean scheduled;
    synchronized (elsewhere) {
      Additions additions = elsewhere.get(id);
      scheduled = additions == null;
      if (scheduled) {
        additions = new Additions();
        elsewhere.put(id, additions);
      }
      change.accept(additions);
    }
    if (scheduled) {
      writer.execute(() -> flushElsewhere(id));
    }
  }

  private void flushElsewhere(FaultId id) {
    Additions additions;
    synchronized (elsewhere) {
      additions = elsewhere.remove(id);
    }
    if (additions == null) {
      return;
    }
    Optional<Fault> added;
    try {
      added = store.add(id, additions.stamps, additions.affectedLists());
    } catch (RuntimeException e) {
      log.warn("could not add stages to fault {}; they are dropped", id, e);
      return;
    }
    if (added.isEmpty()) {
      return; // a fault no store holds any more
    }
    Instant detected = added.get().stamps().get(FaultStage.DETECTED);
    if (detected != null) {
      additions.stamps.forEach(
          (stage, at) -> metrics.stageReached(stage, Duration.between(detected, at)));
    }
    listeners.forEach(listener -> listener.changed(id));
    listeners.forEach(listener -> listener.saved(id));
  }

  private void flush(FaultId id) {
    dirty.remove(id);
    LiveFault entry = live.get(id);
    if (entry == null) {
      return;
    }
    try {
      save(id, entry);
    } catch (FaultNotOwned e) {
      log.warn("fault {} is another node's now; it is dropped here: {}", id, e.getMessage());
      drop(id);
      return;
    } catch (RuntimeException e) {
      log.warn("could not save fault {}; it stays in memory", id, e);
      return;
    }
    listeners.forEach(listener -> listener.saved(id));
  }

  /**
   * Writes the fault's state through to the store now, rather than behind: for a stage another
   * process resuming the fault must see (a host fenced is not fenced again). Throws when the store
   * does not answer, and {@link FaultNotOwned} when another node has adopted the fault.
   */
  public void persist(FaultId id) {
    LiveFault entry = live.get(id);
    if (entry != null) {
      save(id, entry);
      listeners.forEach(listener -> listener.saved(id));
    }
  }

  /** Saves of one fault are serialized, each of the state at its turn, so none goes back. */
  private void save(FaultId id, LiveFault entry) {
    synchronized (entry.saving) {
      store.save(entry.snapshot(id));
    }
  }

  /** Stamps and affected resources for a fault this log does not hold, not yet in the store. */
  private static final class Additions {
    final Map<FaultStage, Instant> stamps = new EnumMap<>(FaultStage.class);
    final Map<AffectedKind, Set<String>> affected = new EnumMap<>(AffectedKind.class);

    void stamp(FaultStage stage, Instant at) {
      stamps.merge(stage, at, (earlier, later) -> later.isAfter(earlier) ? later : earlier);
    }

    void affect(AffectedKind kind, Collection<String> ids) {
      affected.computeIfAbsent(kind, k -> new LinkedHashSet<>()).addAll(ids);
    }

    Map<AffectedKind, List<String>> affectedLists() {
      Map<AffectedKind, List<String>> lists = new EnumMap<>(AffectedKind.class);
      affected.forEach((kind, ids) -> lists.put(kind, List.copyOf(ids)));
      return lists;
    }
  }

  private static final class LiveFault {
    final FaultType type;
    final String hostname;
    final Optional<String> portId;
    final String monitor;
    final Optional<String> monitorEventId;
    final Map<FaultStage, Instant> stamps = new EnumMap<>(FaultStage.class);
    final Map<AffectedKind, Set<String>> affected = new EnumMap<>(AffectedKind.class);
    final Object saving = new Object();
    List<FenceAttempt> fenceAttempts = List.of();
    long epoch;
    FaultStatus status = FaultStatus.RECEIVED;
    String message;
    int reports = 1;

    LiveFault(Report report) {
      this.type = report.type();
      this.hostname = report.hostname();
      this.portId = report.portId();
      this.monitor = report.monitor();
      this.monitorEventId = report.monitorEventId();
    }

    synchronized boolean isFinal() {
      return status.isFinal();
    }

    synchronized Fault snapshot(FaultId id) {
      return snapshot(id, status, Optional.empty());
    }

    /** The fault as it would be in {@code atStatus}, with {@code newMessage} if one is given. */
    synchronized Fault snapshot(FaultId id, FaultStatus atStatus, Optional<String> newMessage) {
      Map<AffectedKind, List<String>> affectedCopy = new EnumMap<>(AffectedKind.class);
      affected.forEach((kind, ids) -> affectedCopy.put(kind, List.copyOf(ids)));
      return new Fault(
          id,
          type,
          hostname,
          portId,
          monitor,
          monitorEventId,
          atStatus,
          newMessage.or(() -> Optional.ofNullable(message)),
          reports,
          stamps,
          affectedCopy,
          fenceAttempts,
          epoch);
    }
  }
}
