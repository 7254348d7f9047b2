package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

import io.faultline.cause.Cause;
import io.faultline.compute.ComputeHost;
import io.faultline.compute.ComputeService;
import io.faultline.compute.InstanceId;
import io.faultline.host.HostId;
import io.faultline.network.DataPlaneStatus;
import io.faultline.network.NetworkService;
import io.faultline.network.Port;
import io.faultline.network.PortId;
import io.faultline.policy.Credentials;
import io.faultline.tx.Transactor;
import java.util.List;
import java.util.Optional;

/**
 * The loop's remediation through the compute and network services, acting as the inspector's system
 * principal, which policy checks by name like any caller. A host's compute and network changes,
 * with their outbox rows, commit in one transaction.
 */
public final class ServiceRemediation implements Remediation {
  private final ComputeService compute;
  private final NetworkService network;
  private final Transactor transactor;
  private final Credentials principal;

  public ServiceRemediation(
      ComputeService compute,
      NetworkService network,
      Transactor transactor,
      Credentials principal) {
    this.compute = requireNonNull(compute, "compute is null");
    this.network = requireNonNull(network, "network is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.principal = requireNonNull(principal, "principal is null");
  }

  @Override
  public HostCondition condition(HostId host) {
    Optional<ComputeHost> found = compute.findHost(principal, host);
    if (found.isEmpty()) {
      return new HostCondition.Unknown();
    }
    ComputeHost service = found.get();
    return compute.inMaintenance(service)
        ? new HostCondition.InMaintenance(service.disabledReason())
        : new HostCondition.InService();
  }

  @Override
  public Touched hostDown(HostId host, boolean dataPlaneDown, Cause cause) {
    // Checked before the transaction opens, so that a denied principal holds no lock.
    compute.authorizeHostFault(principal);
    if (dataPlaneDown) {
      network.authorizeHostDataPlane(principal);
    }
    return transactor.inTransaction(
        tx -> {
          List<String> instances =
              compute.reportHostDown(tx, principal, host, cause).stopped().stream()
                  .map(InstanceId::value)
                  .toList();
          List<String> ports =
              dataPlaneDown
                  ? ids(
                      network.setDataPlaneStatusOnHost(
                          tx, principal, host, Optional.of(DataPlaneStatus.DOWN), cause))
                  : List.of();
          return new Touched(instances, ports);
        });
  }

  @Override
  public Touched hostUp(HostId host, boolean dataPlaneUp, Cause cause) {
    compute.authorizeHostFault(principal);
    if (dataPlaneUp) {
      network.authorizeHostDataPlane(principal);
    }
    return transactor.inTransaction(
        tx -> {
          compute.liftHostDown(tx, principal, host, cause);
          List<String> ports =
              dataPlaneUp
                  ? ids(
                      network.setDataPlaneStatusOnHost(
                          tx, principal, host, Optional.of(DataPlaneStatus.ACTIVE), cause))
                  : List.of();
          return new Touched(List.of(), ports);
        });
  }

  @Override
  public List<String> hostDataPlane(HostId host, boolean up, Cause cause) {
    return ids(network.setDataPlaneStatusOnHost(principal, host, status(up), cause));
  }

  @Override
  public List<String> portDataPlane(String portId, boolean up, Cause cause) {
    // Only a change is reported; a repeat changes and publishes nothing.
    return network
        .setPortDataPlaneStatus(principal, new PortId(portId), status(up), cause)
        .map(port -> port.id().value())
        .stream()
        .toList();
  }

  private static Optional<DataPlaneStatus> status(boolean up) {
    return Optional.of(up ? DataPlaneStatus.ACTIVE : DataPlaneStatus.DOWN);
  }

  private static List<String> ids(List<Port> ports) {
    return ports.stream().map(port -> port.id().value()).toList();
  }
}
