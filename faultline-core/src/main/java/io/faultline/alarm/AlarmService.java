package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.alarm.notify.Delivery;
import io.faultline.error.FaultlineException;
import io.faultline.paging.Page;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The alarm API's use cases. Each write runs under the alarm's lock, in one transaction with its
 * history entry, and updates the in-memory index after commit, before returning: the next event
 * sees the change. Creations that arrive together are committed together ({@link GroupCommit}).
 * Another project's alarm is "not found" (never revealed).
 */
public final class AlarmService {
  static final String MANUAL = "Manually set via API";

  private final AlarmStore store;
  private final AlarmIndex index;
  private final AlarmLocks locks;
  private final Transactor transactor;
  private final Policy policy;
  private final InstantSource clock;
  private final AlarmSettings settings;
  private final Set<String> schemes;

  private final AlarmActivityListener changed;
  // Creations that arrive together share one transaction: one commit for many alarms.
  private final GroupCommit<Creation> creations;
  private static final int MAX_CREATION_GROUP = 256;

  /** The fewest and the most alarms one read of a {@link #search} fetches. */
  private static final int SEARCH_BATCH_MIN = 100;

  private static final int SEARCH_BATCH_MAX = 1_000;

  public AlarmService(
      AlarmStore store,
      AlarmIndex index,
      AlarmLocks locks,
      Transactor transactor,
      Policy policy,
      InstantSource clock,
      AlarmSettings settings,
      Set<String> schemes) {
    this(
        store,
        index,
        locks,
        transactor,
        policy,
        clock,
        settings,
        schemes,
        AlarmActivityListener.NONE);
  }

  /**
   * @param changed told of each alarm created, changed or deleted, once committed and in this
   *     process's index (the other nodes of a cluster reload it from the store)
   */
  public AlarmService(
      AlarmStore store,
      AlarmIndex index,
      AlarmLocks locks,
      Transactor transactor,
      Policy policy,
      InstantSource clock,
      AlarmSettings settings,
      Set<String> schemes,
      AlarmActivityListener changed) {
    this.changed = requireNonNull(changed, "changed is null");
    this.store = requireNonNull(store, "store is null");
    this.index = requireNonNull(index, "index is null");
    this.locks = requireNonNull(locks, "locks is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.schemes = Set.copyOf(requireNonNull(schemes, "schemes is null"));
    this.creations =
        new GroupCommit<>(
            transactor, this::insert, creation -> committed(creation.alarm()), MAX_CREATION_GROUP);
  }

  public Alarm create(Credentials caller, AlarmDraft draft) {
    String project = owner(caller, draft.projectId(), "project");
    policy.authorize(AlarmPolicies.CREATE_ALARM, caller, project);
    String user = draft.userId().orElse(caller.userId());
    if (!user.equals(caller.userId()) && !caller.isAdmin()) {
      throw FaultlineException.forbidden("Not Authorized to set user_id " + user);
    }
    validate(caller, draft);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Alarm alarm =
        new Alarm(
            AlarmId.next(),
            draft.name(),
            draft.description().orElse(defaultDescription(draft.rule())),
            draft.type(),
            draft.rule(),
            draft.enabled(),
            draft.state().orElse(AlarmState.INSUFFICIENT_DATA),
            "Not evaluated yet",
            draft.severity(),
            draft.okActions(),
            draft.alarmActions(),
            draft.insufficientDataActions(),
            draft.repeatActions(),
            draft.timeConstraints(),
            project,
            user,
            draft.resourceId(),
            now,
            now);
    // No lock: nobody knows the new id before this returns, and the index has it by then.
    creations.commit(
        new Creation(alarm, change(caller, alarm, ChangeType.CREATION, document(alarm), now)));
    return alarm;
  }

  /** A new alarm and its creation entry in the history. */
  private record Creation(Alarm alarm, AlarmChange history) {}

  /** Inserts alarms created together, with their history, in the caller's transaction. */
  private void insert(io.faultline.tx.Transaction tx, List<Creation> created) {
    store.insertAll(tx, created.stream().map(Creation::alarm).toList());
    store.appendHistory(tx, created.stream().map(Creation::history).toList());
  }

  private void committed(Alarm alarm) {
    index.put(alarm);
    changed.changed(alarm.projectId(), alarm.id());
  }

  public Alarm get(Credentials caller, AlarmId id) {
    Alarm alarm = visible(caller, id);
    policy.authorize(AlarmPolicies.GET_ALARM, caller, alarm.projectId());
    return alarm;
  }

  /**
   * Alarms of the caller's project; of every project with {@code allProjects} (admin); of one
   * project when {@code projectId} is given (the caller's own, or any for an admin). Other filters
   * are exact matches on the alarm's Aodh fields.
   */
  public List<Alarm> list(
      Credentials caller, boolean allProjects, Optional<String> projectId, Map<String, String> eq) {
    Optional<String> scope = scope(caller, allProjects, projectId);
    List<Alarm> alarms = transactor.inTransaction(tx -> store.list(tx, scope));
    return alarms.stream().filter(alarm -> matches(alarm, eq)).toList();
  }

  /**
   * A page of {@link #list}: last changed first, those after the alarm {@code marker} (a 400 when
   * there is none), at most {@code limit}. Read by keyset in batches, so no page loads every alarm.
   */
  public Page<Alarm> page(
      Credentials caller,
      boolean allProjects,
      Optional<String> projectId,
      Map<String, String> eq,
      Optional<AlarmId> marker,
      int limit) {
    Optional<String> scope = scope(caller, allProjects, projectId);
    return transactor.inTransaction(
        tx -> {
          Optional<Alarm> after =
              marker.map(
                  id ->
                      store
                          .find(tx, id)
                          .orElseThrow(
                              () ->
                                  FaultlineException.badRequest(
                                      "Invalid marker: alarm " + id.value() + " not found")));
          List<Alarm> found =
              collect(tx, scope, after, alarm -> matches(alarm, eq), limit + 1, limit + 1);
          return Page.of(found, limit);
        });
  }

  /**
   * The alarms of {@link #list}'s scope (the caller's project; every project with {@code
   * allProjects}) that {@code filter} accepts, in {@link #page}'s order, at most {@code limit} of
   * them. Read by keyset in batches and stopped at the limit: a search with a limit never loads
   * every alarm, and one without holds only the alarms it answers with.
   */
  public List<Alarm> search(
      Credentials caller, boolean allProjects, Predicate<Alarm> filter, int limit) {
    requireNonNull(filter, "filter is null");
    Optional<String> scope = scope(caller, allProjects, Optional.empty());
    int batch = Math.clamp(limit, SEARCH_BATCH_MIN, SEARCH_BATCH_MAX);
    return transactor.inTransaction(
        tx -> collect(tx, scope, Optional.empty(), filter, limit, batch));
  }

  /** Up to {@code wanted} alarms after {@code after} that {@code filter} accepts, in list order. */
  private List<Alarm> collect(
      Transaction tx,
      Optional<String> scope,
      Optional<Alarm> after,
      Predicate<Alarm> filter,
      int wanted,
      int batch) {
    List<Alarm> found = new ArrayList<>();
    while (found.size() < wanted) {
      List<Alarm> rows = store.page(tx, scope, after, batch);
      for (Alarm alarm : rows) {
        if (found.size() < wanted && filter.test(alarm)) {
          found.add(alarm);
        }
      }
      if (rows.size() < batch) {
        break;
      }
      after = Optional.of(rows.get(rows.size() - 1));
    }
    return found;
  }

  /** The project whose alarms the caller lists, or none for every project (admin). */
  private Optional<String> scope(
      Credentials caller, boolean allProjects, Optional<String> projectId) {
    Optional<String> scope;
    if (allProjects) {
      policy.authorize(AlarmPolicies.GET_ALARMS_ALL_PROJECTS, caller, Map.of());
      scope = projectId;
    } else {
      scope = Optional.of(projectId.orElseGet(caller::requireProjectId));
      if (!caller.isAdmin() && !scope.get().equals(caller.projectId().orElse(null))) {
        throw FaultlineException.forbidden("Not Authorized to access project " + scope.get());
      }
    }
    policy.authorize(AlarmPolicies.GET_ALARMS, caller, scope.orElse(caller.projectId().orElse("")));
    return scope;
  }

  public Alarm replace(Credentials caller, AlarmId id, AlarmDraft draft) {
    return locks.withLock(
        id,
        () -> {
          Alarm old = visible(caller, id);
          policy.authorize(AlarmPolicies.CHANGE_ALARM, caller, old.projectId());
          String project = draft.projectId().orElse(old.projectId());
          String user = draft.userId().orElse(old.userId());
          if (!caller.isAdmin()
              && (!project.equals(old.projectId()) || !user.equals(old.userId()))) {
            throw FaultlineException.forbidden("Not Authorized to change project_id or user_id");
          }
          validate(caller, draft);
          Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
          AlarmState state = draft.state().orElse(old.state());
          boolean stateChanged = state != old.state();
          Alarm updated =
              new Alarm(
                  id,
                  draft.name(),
                  draft.description().orElse(old.description()),
                  draft.type(),
                  draft.rule(),
                  draft.enabled(),
                  state,
                  stateChanged ? MANUAL : old.stateReason(),
                  draft.severity(),
                  draft.okActions(),
                  draft.alarmActions(),
                  draft.insufficientDataActions(),
                  draft.repeatActions(),
                  draft.timeConstraints(),
                  project,
                  user,
                  draft.resourceId(),
                  now,
                  stateChanged ? now : old.stateTimestamp());
          return transactor.inTransaction(
              tx -> {
                store.update(tx, updated);
                store.appendHistory(
                    tx,
                    List.of(
                        change(caller, updated, ChangeType.RULE_CHANGE, diff(old, updated), now)));
                if (stateChanged) {
                  store.appendHistory(tx, List.of(manualTransition(caller, updated, now)));
                }
                tx.afterCommit(() -> committed(updated));
                return updated;
              });
        });
  }

  public void delete(Credentials caller, AlarmId id) {
    locks.withLock(
        id,
        () -> {
          Alarm alarm = visible(caller, id);
          policy.authorize(AlarmPolicies.DELETE_ALARM, caller, alarm.projectId());
          Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
          return transactor.inTransaction(
              tx -> {
                store.delete(tx, id);
                String detail = AlarmJson.write(Map.of("state", alarm.state().wireName()));
                store.appendHistory(
                    tx, List.of(change(caller, alarm, ChangeType.DELETION, detail, now)));
                tx.afterCommit(
                    () -> {
                      index.remove(id);
                      changed.changed(alarm.projectId(), id);
                    });
                return alarm;
              });
        });
  }

  public AlarmState state(Credentials caller, AlarmId id) {
    Alarm alarm = visible(caller, id);
    policy.authorize(AlarmPolicies.GET_ALARM_STATE, caller, alarm.projectId());
    return alarm.state();
  }

  /** Sets the state by hand (reason "Manually set via API"); calls no actions, as Aodh. */
  public AlarmState setState(Credentials caller, AlarmId id, AlarmState state) {
    return locks.withLock(
        id,
        () -> {
          Alarm alarm = visible(caller, id);
          policy.authorize(AlarmPolicies.CHANGE_ALARM_STATE, caller, alarm.projectId());
          Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
          Alarm updated = alarm.withState(state, MANUAL, now);
          return transactor.inTransaction(
              tx -> {
                store.update(tx, updated);
                store.appendHistory(tx, List.of(manualTransition(caller, updated, now)));
                tx.afterCommit(() -> committed(updated));
                return state;
              });
        });
  }

  /** An alarm's history, newest first; still readable after the alarm is deleted. */
  public List<AlarmChange> history(Credentials caller, AlarmId id, int limit) {
    Optional<Alarm> alarm = transactor.inTransaction(tx -> store.find(tx, id));
    Optional<String> scope = caller.isAdmin() ? Optional.empty() : caller.projectId();
    if (alarm.isPresent() && !scope.map(alarm.get().projectId()::equals).orElse(true)) {
      throw notFound(id);
    }
    List<AlarmChange> changes =
        transactor.inTransaction(tx -> store.history(tx, Optional.of(id), scope, limit));
    if (alarm.isEmpty() && changes.isEmpty()) {
      throw notFound(id);
    }
    String project = alarm.map(Alarm::projectId).orElseGet(() -> changes.getFirst().onBehalfOf());
    policy.authorize(AlarmPolicies.ALARM_HISTORY, caller, project);
    return changes;
  }

  /** History of every alarm the caller may see (its project; all for an admin), newest first. */
  public List<AlarmChange> searchHistory(Credentials caller, int limit) {
    Optional<String> scope = caller.isAdmin() ? Optional.empty() : caller.projectId();
    policy.authorize(AlarmPolicies.QUERY_ALARM_HISTORY, caller, caller.projectId().orElse(""));
    return transactor.inTransaction(tx -> store.history(tx, Optional.empty(), scope, limit));
  }

  /**
   * Webhook deliveries with their outcome and attempts, newest first. A caller sees its own
   * project's; one allowed every project's (admin) sees all of them, or one project's when the
   * query names it.
   */
  public List<Delivery> deliveries(Credentials caller, DeliveryQuery query) {
    DeliveryQuery scoped;
    if (policy.allows(AlarmPolicies.GET_DELIVERIES_ALL_PROJECTS, caller, Map.of())) {
      scoped = query;
    } else {
      String own = caller.requireProjectId();
      if (query.projectId().isPresent() && !query.projectId().get().equals(own)) {
        throw FaultlineException.forbidden(
            "Not Authorized to access project " + query.projectId().get());
      }
      scoped = query.withProject(Optional.of(own));
    }
    policy.authorize(
        AlarmPolicies.GET_DELIVERIES,
        caller,
        scoped.projectId().orElse(caller.projectId().orElse("")));
    return transactor.inTransaction(tx -> store.listDeliveries(tx, scoped));
  }

  private Alarm visible(Credentials caller, AlarmId id) {
    Alarm alarm =
        transactor.inTransaction(tx -> store.find(tx, id)).orElseThrow(() -> notFound(id));
    if (!caller.isAdmin() && !alarm.projectId().equals(caller.projectId().orElse(null))) {
      throw notFound(id);
    }
    return alarm;
  }

  private static FaultlineException notFound(AlarmId id) {
    return FaultlineException.notFound("Alarm " + id.value() + " not found");
  }

  private static String owner(Credentials caller, Optional<String> requested, String what) {
    String own = caller.requireProjectId();
    String wanted = requested.orElse(own);
    if (!wanted.equals(own) && !caller.isAdmin()) {
      throw FaultlineException.forbidden("Not Authorized to access " + what + " " + wanted);
    }
    return wanted;
  }

  private void validate(Credentials caller, AlarmDraft draft) {
    if (settings.requireResourceId() && draft.resourceId().isEmpty()) {
      throw FaultlineException.badRequest(
          "resource_id is required for event alarms (alarm.event.require-resource-id is true)");
    }
    List<String> actions = draft.allActions();
    if (settings.maxActions() >= 0) {
      for (List<String> list :
          List.of(draft.okActions(), draft.alarmActions(), draft.insufficientDataActions())) {
        if (list.size() > settings.maxActions()) {
          throw FaultlineException.badRequest(
              "Alarm has " + list.size() + " actions, more than " + settings.maxActions());
        }
      }
    }
    for (String action : actions) {
      String scheme = scheme(action);
      if (!schemes.contains(scheme)) {
        throw FaultlineException.badRequest(
            "Unsupported action " + action + "; supported schemes: " + String.join(", ", schemes));
      }
      if (scheme.equals("log") && !caller.isAdmin()) {
        throw FaultlineException.forbidden("You are not authorized to create action: " + action);
      }
      settings.targets().check(action);
    }
  }

  private static String scheme(String action) {
    return io.faultline.alarm.notify.Notifier.scheme(action)
        .orElseThrow(() -> FaultlineException.badRequest("Action " + action + " is not a URL"));
  }

  private static String defaultDescription(EventRule rule) {
    return "Alarm when " + rule.eventType().glob() + " event occurred.";
  }

  private static boolean matches(Alarm alarm, Map<String, String> eq) {
    if (eq.isEmpty()) {
      return true;
    }
    Map<String, Object> document = AlarmJson.toMap(AlarmDocument.from(alarm));
    for (Map.Entry<String, String> filter : eq.entrySet()) {
      Object value = document.get(filter.getKey());
      if (!Objects.equals(String.valueOf(value), filter.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static String document(Alarm alarm) {
    return AlarmJson.write(AlarmDocument.from(alarm));
  }

  /** Aodh's rule-change detail: the fields whose value changed, with their new value. */
  private static String diff(Alarm old, Alarm updated) {
    Map<String, Object> before = AlarmJson.toMap(AlarmDocument.from(old));
    Map<String, Object> changed = new LinkedHashMap<>();
    AlarmJson.toMap(AlarmDocument.from(updated))
        .forEach(
            (key, value) -> {
              if (!key.equals("timestamp") && !Objects.equals(before.get(key), value)) {
                changed.put(key, value);
              }
            });
    return AlarmJson.write(changed);
  }

  private static AlarmChange change(
      Credentials caller, Alarm alarm, ChangeType type, String detail, Instant now) {
    return AlarmChange.of(alarm, type, detail, caller.userId(), caller.projectId().orElse(""), now);
  }

  private static AlarmChange manualTransition(Credentials caller, Alarm alarm, Instant now) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("state", alarm.state().wireName());
    detail.put("state_reason", MANUAL);
    return change(caller, alarm, ChangeType.STATE_TRANSITION, AlarmJson.write(detail), now);
  }
}
