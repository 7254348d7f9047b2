package io.faultline.store;

import io.faultline.compute.ComputeHost;
import io.faultline.compute.Flavor;
import io.faultline.compute.FlavorId;
import io.faultline.compute.HostUsage;
import io.faultline.compute.ImageId;
import io.faultline.compute.Instance;
import io.faultline.compute.InstanceId;
import io.faultline.compute.PowerState;
import io.faultline.compute.ServiceId;
import io.faultline.compute.ServiceStatus;
import io.faultline.compute.VmState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/** How compute rows map to domain values, both ways. */
final class ComputeRows {
  private ComputeRows() {}

  static final String SERVICE_COLUMNS =
      "id, host, binary_name, status, disabled_reason, forced_down, last_heartbeat, created_at,"
          + " updated_at, vcpus, memory_mb, maintenance_until";
  static final String INSTANCE_COLUMNS =
      "id, name, project_id, user_id, host, flavor_id, flavor_name, vcpus, memory_mb, disk_gb,"
          + " image_id, vm_state, power_state, task_state, previous_vm_state,"
          + " previous_power_state, created_at, updated_at, launched_at, deleted_at";

  static final RowMapper<ComputeHost> SERVICE =
      (rs, ctx) ->
          new ComputeHost(
              new ServiceId(rs.getString("id")),
              rs.getString("host"),
              rs.getString("binary_name"),
              ServiceStatus.valueOf(rs.getString("status")),
              Optional.ofNullable(rs.getString("disabled_reason")),
              rs.getBoolean("forced_down"),
              instant(rs, "last_heartbeat"),
              instant(rs, "created_at"),
              instant(rs, "updated_at"),
              rs.getInt("vcpus"),
              rs.getLong("memory_mb"),
              Optional.ofNullable(rs.getObject("maintenance_until", OffsetDateTime.class))
                  .map(Timestamps::fromDatabase));
  static final RowMapper<Instance> INSTANCE = (rs, ctx) -> instance(rs);
  static final RowMapper<HostUsage> USAGE =
      (rs, ctx) -> new HostUsage(rs.getInt("vcpus"), rs.getLong("memory_mb"), rs.getInt("n"));

  static void addInstance(PreparedBatch batch, Instance i) {
    batch.add(
        i.id().value(),
        i.name(),
        i.projectId(),
        i.userId(),
        i.host(),
        i.flavor().id().value(),
        i.flavor().name(),
        i.flavor().vcpus(),
        i.flavor().memoryMb(),
        i.flavor().diskGb(),
        i.imageId().value(),
        i.vmState().name(),
        i.powerState().code(),
        i.taskState().orElse(null),
        i.previousVmState().map(VmState::name).orElse(null),
        i.previousPowerState().map(PowerState::code).orElse(null),
        Timestamps.toDatabase(i.createdAt()),
        Timestamps.toDatabase(i.updatedAt()),
        i.launchedAt().map(Timestamps::toDatabase).orElse(null),
        i.deletedAt().map(Timestamps::toDatabase).orElse(null));
  }

  static Instance instance(ResultSet rs) throws SQLException {
    int previousPower = rs.getInt("previous_power_state");
    Optional<PowerState> previousPowerState =
        rs.wasNull() ? Optional.empty() : Optional.of(PowerState.ofCode(previousPower));
    return new Instance(
        new InstanceId(rs.getString("id")),
        rs.getString("name"),
        rs.getString("project_id"),
        rs.getString("user_id"),
        rs.getString("host"),
        new Flavor(
            new FlavorId(rs.getString("flavor_id")),
            rs.getString("flavor_name"),
            rs.getInt("vcpus"),
            rs.getInt("memory_mb"),
            rs.getInt("disk_gb")),
        new ImageId(rs.getString("image_id")),
        VmState.valueOf(rs.getString("vm_state")),
        PowerState.ofCode(rs.getInt("power_state")),
        Optional.ofNullable(rs.getString("task_state")),
        Optional.ofNullable(rs.getString("previous_vm_state")).map(VmState::valueOf),
        previousPowerState,
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        Optional.ofNullable(instantOrNull(rs, "launched_at")),
        Optional.ofNullable(instantOrNull(rs, "deleted_at")));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    return Timestamps.fromDatabase(rs.getObject(column, OffsetDateTime.class));
  }

  static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
    return Timestamps.fromDatabase(rs.getObject(column, OffsetDateTime.class));
  }
}
