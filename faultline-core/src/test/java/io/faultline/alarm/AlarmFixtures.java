package io.faultline.alarm;

import io.faultline.bus.Notification;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.policy.PolicyDefaults;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Shared builders for alarm tests. */
final class AlarmFixtures {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private AlarmFixtures() {}

  /** Runs work directly, then its after-commit actions: the in-memory store's transactor. */
  static final class DirectTransactor implements Transactor {
    @Override
    public <T> T inTransaction(Function<Transaction, T> work) {
      List<Runnable> after = new ArrayList<>();
      T result = work.apply(after::add);
      after.forEach(Runnable::run);
      return result;
    }
  }

  static Policy policy() {
    PolicyDefaults defaults = new PolicyDefaults();
    AlarmPolicies.register(defaults);
    return Policy.of(defaults.rules(), Map.of());
  }

  static Credentials member(String project) {
    return new Credentials(
        "user-" + project,
        "user-" + project,
        "default",
        Optional.of(project),
        Optional.of(project),
        Set.of("member", "reader"));
  }

  static Credentials reader(String project) {
    return new Credentials(
        "reader-" + project,
        "reader-" + project,
        "default",
        Optional.of(project),
        Optional.of(project),
        Set.of("reader"));
  }

  static Credentials admin() {
    return new Credentials(
        "admin",
        "admin",
        "default",
        Optional.of("admin-project"),
        Optional.of("admin"),
        Set.of("admin", "member", "reader"));
  }

  static AlarmDraft draft(String eventType, List<QueryTerm> query, String... actions) {
    return new AlarmDraft(
        "a1",
        Optional.empty(),
        AlarmType.EVENT,
        EventRule.of(eventType, query),
        true,
        Optional.empty(),
        Severity.CRITICAL,
        List.of(),
        List.of(actions),
        List.of(),
        false,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  static Alarm alarm(String project, EventRule rule) {
    return new Alarm(
        new AlarmId("alarm-1"),
        "a1",
        "",
        AlarmType.EVENT,
        rule,
        true,
        AlarmState.INSUFFICIENT_DATA,
        "Not evaluated yet",
        Severity.LOW,
        List.of(),
        List.of("http://127.0.0.1:9/x"),
        List.of(),
        false,
        List.of(),
        project,
        "u1",
        Optional.empty(),
        T0,
        T0);
  }

  static Event event(String eventType, String project, Map<String, Object> traits) {
    Map<String, Object> all = new HashMap<>(traits);
    all.put("tenant_id", project);
    all.put("project_id", project);
    return new Event("msg-1", eventType, T0, all);
  }

  /** The Doctor inspector's direct, legacy-shaped compute.instance.update. */
  static Notification instanceUpdate(String project, String instance, String state) {
    Map<String, Object> payload = new HashMap<>();
    payload.put("instance_id", instance);
    payload.put("tenant_id", project);
    payload.put("state", state);
    payload.put("old_state", "active");
    payload.put("host", "compute1");
    payload.put("fault_id", "fault-42");
    return Notification.info("compute.compute1", "compute.instance.update", payload, T0);
  }

  static QueryTerm term(String field, String op, String type, String value) {
    return QueryTerm.of(
        field, QueryOp.fromWire(op, field), ValueType.fromWire(type).orElseThrow(), value);
  }
}
