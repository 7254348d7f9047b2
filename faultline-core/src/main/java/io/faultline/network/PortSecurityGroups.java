package io.faultline.network;

import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.policy.Credentials;
import io.faultline.tx.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The security groups of the ports made and changed through Neutron's API. */
public interface PortSecurityGroups {
  /** No groups at all: for the tests and benchmarks of networks and ports alone. */
  PortSecurityGroups NONE =
      new PortSecurityGroups() {
        @Override
        public void save(
            Transaction tx,
            Credentials caller,
            Port port,
            Optional<List<SecurityGroupId>> requested) {
          refuse(requested.orElse(List.of()));
        }

        @Override
        public void saveForServer(
            Transaction tx, String projectId, List<Port> ports, List<String> namesOrIds) {
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
            throw FaultlineException.badRequest("security groups are not served here");
          }
        }
      };

  /**
   * Runs {@code work}, a transaction that may make a project's default group, again once if it
   * failed on a conflict: when two transactions make the same project's default group at once, the
   * one that commits second fails on the default's key, and run again it finds the group made. The
   * failed run changed nothing.
   */
  static <T> T retryingOnRace(Supplier<T> work) {
    try {
      return work.get();
    } catch (FaultlineException e) {
      if (e.code() != ErrorCode.CONFLICT) {
        throw e;
      }
      return work.get();
    }
  }

  /**
   * Saves the port's groups: those requested (each its project's, or any for an admin; another is
   * "not found"), or when none are named, its project's default group, made in {@code tx} if need
   * be (none for a port owned by the network itself, {@code network:*}).
   */
  void save(
      Transaction tx, Credentials caller, Port port, Optional<List<SecurityGroupId>> requested);

  /** The groups of each of the ports that has any. */
  Map<PortId, List<SecurityGroupId>> of(Transaction tx, List<PortId> ports);

  /**
   * Saves the groups of a server's ports, of {@code projectId}, named as Nova passes them (names or
   * ids of the project's groups, resolved once; none: its default group, made in {@code tx} if need
   * be); an unknown group is a 400, a name that several groups have a 409.
   */
  void saveForServer(Transaction tx, String projectId, List<Port> ports, List<String> namesOrIds);

  /** The names of the groups of each of the ports that has any. */
  Map<PortId, List<String>> namesOf(Transaction tx, List<PortId> ports);
}
