package io.faultline.network;

import io.faultline.policy.Credentials;
import io.faultline.tx.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The security groups of the ports made and changed through Neutron's API. */
public interface PortSecurityGroups {
  /**
   * Before a port of {@code projectId} is made without groups named: makes the project's default
   * group if it has none, in a transaction of its own.
   */
  void prepare(String projectId);

  /**
   * Saves the port's groups: those requested (each its project's, or any for an admin; another is
   * "not found"), or when none are named, its project's default group (none for a port owned by the
   * network itself, {@code network:*}). Returns them.
   */
  List<SecurityGroupId> save(
      Transaction tx, Credentials caller, Port port, Optional<List<SecurityGroupId>> requested);

  /** The groups of each of the ports that has any. */
  Map<PortId, List<SecurityGroupId>> of(Transaction tx, List<PortId> ports);
}
