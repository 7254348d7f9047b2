package io.faultline.network;

import io.faultline.policy.Credentials;
import io.faultline.tx.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The security groups of the ports made and changed through Neutron's API. */
public interface PortSecurityGroups {
  /** No groups at all: for the tests and benchmarks of networks and ports alone. */
  PortSecurityGroups NONE =
      new PortSecurityGroups() {
        @Override
        public void prepare(String projectId) {}

        @Override
        public List<SecurityGroupId> save(
            Transaction tx,
            Credentials caller,
            Port port,
            Optional<List<SecurityGroupId>> requested) {
          refuse(requested.orElse(List.of()));
          return List.of();
        }

        @Override
        public void saveForServer(Transaction tx, Port port, List<String> namesOrIds) {
          refuse(namesOrIds);
        }

        @Override
        public Map<PortId, List<SecurityGroupId>> of(Transaction tx, List<PortId> ports) {
          return Map.of();
        }

        @Override
        public Map<PortId, List<String>> namesOf(Transaction tx, List<PortId> ports) {
          return Map.of();
        }

        private static void refuse(List<?> groups) {
          if (!groups.isEmpty()) {
            throw io.faultline.error.FaultlineException.badRequest(
                "security groups are not served here");
          }
        }
      };

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

  /**
   * Saves the groups of a server's port, named as Nova passes them (names or ids of the port's
   * project's groups; none: its default group); an unknown group is a 400, a name that several
   * groups have a 409.
   */
  void saveForServer(Transaction tx, Port port, List<String> namesOrIds);

  /** The names of the groups of each of the ports that has any. */
  Map<PortId, List<String>> namesOf(Transaction tx, List<PortId> ports);
}
