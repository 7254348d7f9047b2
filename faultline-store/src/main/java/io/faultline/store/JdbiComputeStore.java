package io.faultline.store;

import static io.faultline.store.JdbiTransaction.handle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.compute.ComputeHost;
import io.faultline.compute.ComputeStore;
import io.faultline.compute.FlavorId;
import io.faultline.compute.HostReport;
import io.faultline.compute.HostUsage;
import io.faultline.compute.Instance;
import io.faultline.compute.InstanceAction;
import io.faultline.compute.InstanceFault;
import io.faultline.compute.InstanceFilter;
import io.faultline.compute.InstanceId;
import io.faultline.compute.Migration;
import io.faultline.compute.PowerState;
import io.faultline.compute.ServerDetails;
import io.faultline.compute.ServerQuery;
import io.faultline.compute.ServiceId;
import io.faultline.compute.VmState;
import io.faultline.tx.Transaction;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * Compute tables. The host-down report is a SELECT and one UPDATE (which also records each
 * instance's fault) whatever the number of instances, plus one INSERT ... SELECT of actions.
 */
public final class JdbiComputeStore implements ComputeStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {};

  @Override
  public void insertHost(Transaction tx, ComputeHost host) {
    handle(tx)
        .execute(
            "INSERT INTO compute_service ("
                + ComputeRows.SERVICE_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            host.id().value(),
            host.host(),
            host.binary(),
            host.status().name(),
            host.disabledReason().orElse(null),
            host.forcedDown(),
            Timestamps.toDatabase(host.lastHeartbeat()),
            Timestamps.toDatabase(host.createdAt()),
            Timestamps.toDatabase(host.updatedAt()),
            host.vcpus(),
            host.memoryMb(),
            host.maintenanceUntil().map(Timestamps::toDatabase).orElse(null));
  }

  @Override
  public void updateHost(Transaction tx, ComputeHost host) {
    handle(tx)
        .execute(
            "UPDATE compute_service SET status = ?, disabled_reason = ?, forced_down = ?,"
                + " maintenance_until = ?, updated_at = ? WHERE id = ?",
            host.status().name(),
            host.disabledReason().orElse(null),
            host.forcedDown(),
            host.maintenanceUntil().map(Timestamps::toDatabase).orElse(null),
            Timestamps.toDatabase(host.updatedAt()),
            host.id().value());
  }

  @Override
  public boolean recordHeartbeat(Transaction tx, String host, String binary, Instant at) {
    return handle(tx)
            .execute(
                "UPDATE compute_service SET last_heartbeat = ? WHERE host = ? AND binary_name = ?",
                Timestamps.toDatabase(at),
                host,
                binary)
        > 0;
  }

  @Override
  public Optional<ComputeHost> findHost(Transaction tx, ServiceId id) {
    return handle(tx)
        .createQuery("SELECT " + ComputeRows.SERVICE_COLUMNS + " FROM compute_service WHERE id = ?")
        .bind(0, id.value())
        .map(ComputeRows.SERVICE)
        .findOne();
  }

  @Override
  public Optional<ComputeHost> findHost(Transaction tx, String host, String binary) {
    return selectHost(tx, host, binary, "");
  }

  @Override
  public Optional<ComputeHost> lockHost(Transaction tx, String host, String binary) {
    return selectHost(tx, host, binary, " FOR UPDATE");
  }

  private static Optional<ComputeHost> selectHost(
      Transaction tx, String host, String binary, String suffix) {
    return handle(tx)
        .createQuery(
            "SELECT "
                + ComputeRows.SERVICE_COLUMNS
                + " FROM compute_service WHERE host = ? AND binary_name = ?"
                + suffix)
        .bind(0, host)
        .bind(1, binary)
        .map(ComputeRows.SERVICE)
        .findOne();
  }

  @Override
  public List<ComputeHost> listHosts(
      Transaction tx, Optional<String> host, Optional<String> binary) {
    Query query =
        handle(tx)
            .createQuery(
                "SELECT "
                    + ComputeRows.SERVICE_COLUMNS
                    + " FROM compute_service WHERE (:host IS NULL OR host = :host)"
                    + " AND (:binary IS NULL OR binary_name = :binary) ORDER BY host, binary_name")
            .bind("host", host.orElse(null))
            .bind("binary", binary.orElse(null));
    return query.map(ComputeRows.SERVICE).list();
  }

  @Override
  public Map<String, HostUsage> usageByHost(Transaction tx) {
    Map<String, HostUsage> usage = new HashMap<>();
    handle(tx)
        .createQuery(
            "SELECT host, SUM(vcpus) AS vcpus, SUM(memory_mb) AS memory_mb, COUNT(*) AS n"
                + " FROM compute_instance WHERE vm_state <> :deleted GROUP BY host")
        .bind("deleted", VmState.DELETED.name())
        .map((rs, ctx) -> Map.entry(rs.getString("host"), ComputeRows.USAGE.map(rs, ctx)))
        .forEach(entry -> usage.put(entry.getKey(), entry.getValue()));
    return usage;
  }

  @Override
  public HostUsage usageOf(Transaction tx, String host) {
    return handle(tx)
        .createQuery(
            "SELECT COALESCE(SUM(vcpus), 0) AS vcpus, COALESCE(SUM(memory_mb), 0) AS memory_mb,"
                + " COUNT(*) AS n FROM compute_instance WHERE host = :host AND vm_state <> :deleted")
        .bind("host", host)
        .bind("deleted", VmState.DELETED.name())
        .map(ComputeRows.USAGE)
        .one();
  }

  @Override
  public Map<String, Map<VmState, Integer>> instanceStatesByHost(
      Transaction tx, Optional<String> host) {
    Map<String, Map<VmState, Integer>> states = new HashMap<>();
    Query query =
        handle(tx)
            .createQuery(
                "SELECT host, vm_state, COUNT(*) AS n FROM compute_instance"
                    + " WHERE vm_state <> :deleted"
                    + (host.isPresent() ? " AND host = :host" : "")
                    + " GROUP BY host, vm_state")
            .bind("deleted", VmState.DELETED.name());
    host.ifPresent(name -> query.bind("host", name));
    query
        .map(
            (rs, ctx) -> {
              states
                  .computeIfAbsent(rs.getString("host"), unused -> new EnumMap<>(VmState.class))
                  .put(VmState.valueOf(rs.getString("vm_state")), rs.getInt("n"));
              return 0;
            })
        .list();
    return states;
  }

  @Override
  public void insertInstance(Transaction tx, Instance instance) {
    PreparedBatch batch =
        handle(tx)
            .prepareBatch(
                "INSERT INTO compute_instance ("
                    + ComputeRows.INSTANCE_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ComputeRows.addInstance(batch, instance);
    batch.execute();
  }

  /** Bulk insert for fixtures and benchmarks (one batch). */
  public void insertInstances(Transaction tx, List<Instance> instances) {
    PreparedBatch batch =
        handle(tx)
            .prepareBatch(
                "INSERT INTO compute_instance ("
                    + ComputeRows.INSTANCE_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    instances.forEach(instance -> ComputeRows.addInstance(batch, instance));
    batch.execute();
  }

  @Override
  public void updateInstance(Transaction tx, Instance i) {
    handle(tx)
        .createUpdate(
            "UPDATE compute_instance SET name = :name, image_id = :image, host = :host,"
                + " vm_state = :vm, power_state = :power,"
                + " task_state = :task, previous_vm_state = :previousVm,"
                + " previous_power_state = :previousPower, updated_at = :updated,"
                + " deleted_at = :deleted WHERE id = :id")
        .bind("name", i.name())
        .bind("image", i.imageId().value())
        .bind("host", i.host())
        .bind("vm", i.vmState().name())
        .bind("power", i.powerState().code())
        .bind("task", i.taskState().orElse(null))
        .bind("previousVm", i.previousVmState().map(VmState::name).orElse(null))
        .bind("previousPower", i.previousPowerState().map(PowerState::code).orElse(null))
        .bind("updated", Timestamps.toDatabase(i.updatedAt()))
        .bind("deleted", i.deletedAt().map(Timestamps::toDatabase).orElse(null))
        .bind("id", i.id().value())
        .execute();
  }

  @Override
  public Optional<Instance> findInstance(Transaction tx, InstanceId id) {
    return selectInstance(tx, id, "");
  }

  @Override
  public Optional<Instance> lockInstance(Transaction tx, InstanceId id) {
    return selectInstance(tx, id, " FOR UPDATE");
  }

  private static Optional<Instance> selectInstance(Transaction tx, InstanceId id, String suffix) {
    return handle(tx)
        .createQuery(
            "SELECT "
                + ComputeRows.INSTANCE_COLUMNS
                + " FROM compute_instance WHERE id = ?"
                + suffix)
        .bind(0, id.value())
        .map(ComputeRows.INSTANCE)
        .findOne();
  }

  @Override
  public List<Instance> listInstances(Transaction tx, InstanceFilter filter) {
    return listInstances(tx, filter, Optional.empty());
  }

  @Override
  public List<Instance> listInstancesChangedSince(
      Transaction tx, InstanceFilter filter, Instant since) {
    return listInstances(tx, filter, Optional.of(since));
  }

  /** Live instances, or with {@code since} every instance (deleted too) changed since then. */
  private List<Instance> listInstances(
      Transaction tx, InstanceFilter filter, Optional<Instant> since) {
    Pattern name = filter.name().map(JdbiComputeStore::namePattern).orElse(null);
    List<String> states =
        filter.vmStates().map(set -> set.stream().map(VmState::name).toList()).orElse(List.of());
    if (filter.vmStates().isPresent() && states.isEmpty()) {
      return List.of();
    }
    String stateClause = states.isEmpty() ? "" : " AND vm_state IN (<states>)";
    Query query =
        handle(tx)
            .createQuery(
                "SELECT "
                    + ComputeRows.INSTANCE_COLUMNS
                    + " FROM compute_instance WHERE"
                    + (since.isPresent() ? " updated_at >= :since" : " vm_state <> :deleted")
                    + " AND (:project IS NULL OR project_id = :project)"
                    + " AND (:host IS NULL OR host = :host)"
                    + stateClause
                    + " ORDER BY created_at DESC, id")
            .bind("project", filter.projectId().orElse(null))
            .bind("host", filter.host().orElse(null));
    if (!states.isEmpty()) {
      query.bindList("states", states);
    }
    if (since.isPresent()) {
      query.bind("since", Timestamps.toDatabase(since.get()));
    } else {
      query.bind("deleted", VmState.DELETED.name());
    }
    List<Instance> instances = query.map(ComputeRows.INSTANCE).list();
    if (name == null) {
      return instances;
    }
    // Nova matches the name filter as a regular expression.
    return instances.stream().filter(i -> name.matcher(i.name()).find()).toList();
  }

  @Override
  public List<Instance> pageInstances(
      Transaction tx, ServerQuery query, Optional<Instance> after, int count) {
    return InstancePages.read(
        tx, query, after, count, query.filter().name().map(JdbiComputeStore::namePattern));
  }

  private static Pattern namePattern(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw io.faultline.error.FaultlineException.badRequest(
          "name filter is not a valid regular expression: " + e.getDescription());
    }
  }

  @Override
  public List<Instance> instancesOnHost(Transaction tx, String host) {
    return handle(tx)
        .createQuery(
            "SELECT " + ComputeRows.INSTANCE_COLUMNS + " FROM compute_instance WHERE host = :host")
        .bind("host", host)
        .map(ComputeRows.INSTANCE)
        .list();
  }

  @Override
  public void saveStopped(
      Transaction tx,
      List<Instance> stopped,
      InstanceFault.Cause cause,
      InstanceAction.Template action,
      Instant now) {
    if (stopped.isEmpty()) {
      return;
    }
    // The action is one row for all the instances; each instance names it in host_actions, set by
    // the UPDATE that stops it, so a report of 1,000 instances adds no row per instance.
    long actionSeq =
        handle(tx)
            .createUpdate(
                "INSERT INTO compute_host_action (request_id, action, project_id, user_id,"
                    + " start_time, message) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(0, action.requestId())
            .bind(1, action.action())
            .bind(2, action.projectId())
            .bind(3, action.userId())
            .bind(4, Timestamps.toDatabase(action.startTime()))
            .bind(5, action.message().orElse(null))
            .executeAndReturnGeneratedKeys("seq")
            .mapTo(Long.class)
            .one();
    // The states were decided per instance in Java; instances that end up with the same values
    // (on one host, all but a few: they differ only by the state they came from) are saved by one
    // UPDATE of their ids, not one statement each.
    Map<StoppedValues, List<InstanceId>> groups = new LinkedHashMap<>();
    for (Instance instance : stopped) {
      groups
          .computeIfAbsent(StoppedValues.of(instance), ignored -> new ArrayList<>())
          .add(instance.id());
    }
    Object at = Timestamps.toDatabase(now);
    for (Map.Entry<StoppedValues, List<InstanceId>> group : groups.entrySet()) {
      StoppedValues values = group.getKey();
      for (List<String> chunk : chunks(group.getValue())) {
        int updated =
            handle(tx)
                .createUpdate(
                    "UPDATE compute_instance SET vm_state = :vm, power_state = :power,"
                        + " task_state = :task, previous_vm_state = :previousVm,"
                        + " previous_power_state = :previousPower, updated_at = :updated,"
                        + " fault_code = :code, fault_message = :message, fault_details = :details,"
                        + " fault_at = :at, host_actions = COALESCE(host_actions,"
                        + " CAST(ARRAY[] AS BIGINT ARRAY)) || CAST(:action AS BIGINT)"
                        + " WHERE id IN (<ids>)")
                .bind("vm", values.vmState())
                .bind("power", values.powerState())
                .bind("task", values.taskState())
                .bind("previousVm", values.previousVmState())
                .bind("previousPower", values.previousPowerState())
                .bind("updated", Timestamps.toDatabase(values.updatedAt()))
                .bind("code", cause.code())
                .bind("message", cause.message())
                .bind("details", cause.details())
                .bind("at", at)
                .bind("action", actionSeq)
                .bindList("ids", chunk)
                .execute();
        if (updated != chunk.size()) {
          throw new IllegalStateException(
              "instances were not there to stop: " + missing(tx, chunk));
        }
      }
    }
  }

  /** What a stop writes to one instance, besides the cause it shares with the others. */
  private record StoppedValues(
      String vmState,
      int powerState,
      String taskState,
      String previousVmState,
      Integer previousPowerState,
      Instant updatedAt) {
    static StoppedValues of(Instance instance) {
      return new StoppedValues(
          instance.vmState().name(),
          instance.powerState().code(),
          instance.taskState().orElse(null),
          instance.previousVmState().map(VmState::name).orElse(null),
          instance.previousPowerState().map(PowerState::code).orElse(null),
          instance.updatedAt());
    }
  }

  private List<String> missing(Transaction tx, List<String> ids) {
    List<String> present =
        handle(tx)
            .createQuery("SELECT id FROM compute_instance WHERE id IN (<ids>)")
            .bindList("ids", ids)
            .mapTo(String.class)
            .list();
    return ids.stream().filter(id -> !present.contains(id)).toList();
  }

  /** Bind lists stay well under every driver's parameter limit. */
  private static final int FAN_OUT_CHUNK = 1000;

  private static List<List<String>> chunks(List<InstanceId> instances) {
    List<List<String>> chunks = new ArrayList<>();
    for (int from = 0; from < instances.size(); from += FAN_OUT_CHUNK) {
      chunks.add(
          instances.subList(from, Math.min(instances.size(), from + FAN_OUT_CHUNK)).stream()
              .map(InstanceId::value)
              .toList());
    }
    return chunks;
  }

  @Override
  public Optional<InstanceFault> latestFault(Transaction tx, InstanceId id) {
    return handle(tx)
        .createQuery(
            "SELECT id, fault_code, fault_message, fault_details, fault_at FROM compute_instance"
                + " WHERE id = ? AND fault_at IS NOT NULL")
        .bind(0, id.value())
        .map(
            (rs, ctx) ->
                new InstanceFault(
                    new InstanceId(rs.getString("id")),
                    rs.getInt("fault_code"),
                    rs.getString("fault_message"),
                    rs.getString("fault_details"),
                    ComputeRows.instant(rs, "fault_at")))
        .findOne();
  }

  @Override
  public void insertActions(Transaction tx, List<InstanceAction> actions) {
    if (actions.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle(tx)
            .prepareBatch(
                "INSERT INTO compute_instance_action (request_id, instance_id, action, project_id,"
                    + " user_id, start_time, message) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (InstanceAction action : actions) {
      batch.add(
          action.requestId(),
          action.instanceId().value(),
          action.action(),
          action.projectId(),
          action.userId(),
          Timestamps.toDatabase(action.startTime()),
          action.message().orElse(null));
    }
    batch.execute();
  }

  @Override
  public List<InstanceAction> listActions(Transaction tx, InstanceId id) {
    List<Long> hostActions =
        handle(tx)
            .createQuery("SELECT host_actions FROM compute_instance WHERE id = ?")
            .bind(0, id.value())
            .map((rs, ctx) -> seqs(rs.getArray("host_actions")))
            .findOne()
            .orElse(List.of());
    String columns = "request_id, action, project_id, user_id, start_time, message, seq";
    Query query =
        handle(tx)
            .createQuery(
                "SELECT "
                    + columns
                    + " FROM compute_instance_action WHERE instance_id = :id"
                    + (hostActions.isEmpty()
                        ? ""
                        : " UNION ALL SELECT "
                            + columns
                            + " FROM compute_host_action WHERE seq IN (<hostActions>)")
                    // The two tables number their rows apart: seq orders within each one only.
                    + " ORDER BY start_time DESC, seq DESC")
            .bind("id", id.value());
    if (!hostActions.isEmpty()) {
      query.bindList("hostActions", hostActions);
    }
    return query
        .map(
            (rs, ctx) ->
                new InstanceAction(
                    rs.getString("request_id"),
                    id,
                    rs.getString("action"),
                    rs.getString("project_id"),
                    rs.getString("user_id"),
                    ComputeRows.instant(rs, "start_time"),
                    Optional.ofNullable(rs.getString("message"))))
        .list();
  }

  private static List<Long> seqs(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    try {
      List<Long> seqs = new ArrayList<>();
      for (Object seq : (Object[]) array.getArray()) {
        seqs.add(((Number) seq).longValue());
      }
      return seqs;
    } finally {
      array.free();
    }
  }

  @Override
  public void recordHostReport(Transaction tx, String host, String binary, HostReport report) {
    handle(tx)
        .createUpdate(
            "UPDATE compute_service SET host_ip = COALESCE(:ip, host_ip),"
                + " booted_at = COALESCE(:booted, booted_at),"
                + " load_average = COALESCE(:load, load_average)"
                + " WHERE host = :host AND binary_name = :binary")
        .bind("ip", report.hostIp().orElse(null))
        .bind("booted", report.bootedAt().map(Timestamps::toDatabase).orElse(null))
        .bind("load", report.loadAverage().orElse(null))
        .bind("host", host)
        .bind("binary", binary)
        .execute();
  }

  @Override
  public Map<String, HostReport> hostReports(Transaction tx) {
    Map<String, HostReport> reports = new HashMap<>();
    handle(tx)
        .createQuery(
            "SELECT host, host_ip, booted_at, load_average FROM compute_service"
                + " WHERE host_ip IS NOT NULL OR booted_at IS NOT NULL"
                + " OR load_average IS NOT NULL")
        .map(
            (rs, ctx) ->
                Map.entry(
                    rs.getString("host"),
                    new HostReport(
                        Optional.ofNullable(rs.getString("host_ip")),
                        Optional.ofNullable(ComputeRows.instantOrNull(rs, "booted_at")),
                        Optional.ofNullable(rs.getString("load_average")))))
        .forEach(entry -> reports.put(entry.getKey(), entry.getValue()));
    return reports;
  }

  @Override
  public void saveServerDetails(Transaction tx, InstanceId id, ServerDetails details) {
    handle(tx).execute("DELETE FROM compute_server_detail WHERE instance_id = ?", id.value());
    handle(tx)
        .execute(
            "INSERT INTO compute_server_detail (instance_id, access_ipv4, access_ipv6,"
                + " disk_config, description, key_name, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)",
            id.value(),
            details.accessIpv4(),
            details.accessIpv6(),
            details.diskConfig(),
            details.description().orElse(null),
            details.keyName().orElse(null),
            writeMetadata(details.metadata()));
  }

  @Override
  public Map<InstanceId, ServerDetails> serverDetails(Transaction tx, List<InstanceId> ids) {
    Map<InstanceId, ServerDetails> details = new HashMap<>();
    for (List<String> chunk : chunks(ids)) {
      handle(tx)
          .createQuery(
              "SELECT instance_id, access_ipv4, access_ipv6, disk_config, description, key_name,"
                  + " metadata FROM compute_server_detail WHERE instance_id IN (<ids>)")
          .bindList("ids", chunk)
          .map(
              (rs, ctx) ->
                  Map.entry(
                      new InstanceId(rs.getString("instance_id")),
                      new ServerDetails(
                          rs.getString("access_ipv4"),
                          rs.getString("access_ipv6"),
                          rs.getString("disk_config"),
                          Optional.ofNullable(rs.getString("description")),
                          Optional.ofNullable(rs.getString("key_name")),
                          readMetadata(rs.getString("metadata")))))
          .forEach(entry -> details.put(entry.getKey(), entry.getValue()));
    }
    return details;
  }

  @Override
  public HostUsage usageOfProject(Transaction tx, String projectId, Optional<String> userId) {
    return handle(tx)
        .createQuery(
            "SELECT COALESCE(SUM(vcpus), 0) AS vcpus, COALESCE(SUM(memory_mb), 0) AS memory_mb,"
                + " COUNT(*) AS n FROM compute_instance WHERE project_id = :project"
                + " AND (:user IS NULL OR user_id = :user) AND vm_state <> :deleted")
        .bind("project", projectId)
        .bind("user", userId.orElse(null))
        .bind("deleted", VmState.DELETED.name())
        .map(ComputeRows.USAGE)
        .one();
  }

  private static String writeMetadata(Map<String, String> metadata) {
    try {
      return JSON.writeValueAsString(metadata);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("metadata is not serializable", e);
    }
  }

  private static Map<String, String> readMetadata(String json) {
    try {
      return JSON.readValue(json, METADATA);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored server metadata is not a JSON object: " + json, e);
    }
  }

  @Override
  public void insertMigration(Transaction tx, Migration migration) {
    handle(tx)
        .execute(
            "INSERT INTO compute_migration (instance_id, source_compute, dest_compute, status,"
                + " migration_type, old_flavor_id, new_flavor_id, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            migration.instance().value(),
            migration.sourceCompute(),
            migration.destCompute(),
            migration.status(),
            migration.type(),
            migration.oldFlavor().value(),
            migration.newFlavor().value(),
            Timestamps.toDatabase(migration.createdAt()),
            Timestamps.toDatabase(migration.updatedAt()));
  }

  @Override
  public List<Migration> listMigrations(Transaction tx, Migration.Filter filter) {
    Map<String, String> bound = new LinkedHashMap<>();
    List<String> where = new ArrayList<>();
    filter
        .host()
        .ifPresent(
            h -> {
              where.add("(source_compute = :host OR dest_compute = :host)");
              bound.put("host", h);
            });
    filter.sourceCompute().ifPresent(h -> condition(where, bound, "source_compute", "source", h));
    filter.status().ifPresent(v -> condition(where, bound, "status", "status", v));
    filter.instance().ifPresent(i -> condition(where, bound, "instance_id", "instance", i.value()));
    filter.type().ifPresent(t -> condition(where, bound, "migration_type", "type", t));
    Query query =
        handle(tx)
            .createQuery(
                "SELECT id, instance_id, source_compute, dest_compute, status, migration_type,"
                    + " old_flavor_id, new_flavor_id, created_at, updated_at FROM compute_migration"
                    + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                    + " ORDER BY created_at DESC, id DESC");
    bound.forEach(query::bind);
    return query
        .map(
            (rs, ctx) ->
                new Migration(
                    rs.getLong("id"),
                    new InstanceId(rs.getString("instance_id")),
                    rs.getString("source_compute"),
                    rs.getString("dest_compute"),
                    rs.getString("status"),
                    rs.getString("migration_type"),
                    new FlavorId(rs.getString("old_flavor_id")),
                    new FlavorId(rs.getString("new_flavor_id")),
                    ComputeRows.instant(rs, "created_at"),
                    ComputeRows.instant(rs, "updated_at")))
        .list();
  }

  /** Adds {@code column = :name} to the conditions, with its value. */
  private static void condition(
      List<String> where, Map<String, String> bound, String column, String name, String value) {
    where.add(column + " = :" + name);
    bound.put(name, value);
  }
}
