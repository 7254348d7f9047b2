package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import io.faultline.tx.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses a host for an instance: up, enabled, not forced down, with room for the flavor, and where
 * the instance's server group lets it go. The chosen host's row is locked and its usage re-read
 * before the choice is final, so two placements racing for the last slot cannot both win.
 */
final class Scheduler {
  static final String NO_VALID_HOST =
      "No valid host was found. There are not enough hosts available.";

  private final ComputeStore store;
  private final Duration serviceDownTime;

  Scheduler(ComputeStore store, Duration serviceDownTime) {
    this.store = requireNonNull(store, "store is null");
    this.serviceDownTime = requireNonNull(serviceDownTime, "serviceDownTime is null");
  }

  /**
   * Where a server group lets one of its members go, given the hosts of its other members (with how
   * many on each).
   */
  record GroupRule(GroupPolicy policy, Map<String, Integer> memberHosts) {
    GroupRule {
      requireNonNull(policy, "policy is null");
      memberHosts = Map.copyOf(memberHosts);
    }

    /** Whether a hard policy allows the host; a soft one allows any. */
    boolean allows(String host) {
      return switch (policy) {
        case AFFINITY -> memberHosts.isEmpty() || memberHosts.containsKey(host);
        case ANTI_AFFINITY -> !memberHosts.containsKey(host);
        case SOFT_AFFINITY, SOFT_ANTI_AFFINITY -> true;
      };
    }

    /**
     * Lower goes first: soft affinity prefers hosts with more members, soft anti-affinity fewer.
     */
    int rank(String host) {
      int members = memberHosts.getOrDefault(host, 0);
      return switch (policy) {
        case SOFT_AFFINITY -> -members;
        case SOFT_ANTI_AFFINITY -> members;
        case AFFINITY, ANTI_AFFINITY -> 0;
      };
    }
  }

  /** {@link #choose(Transaction, Flavor, Optional, Optional, Instant)} for a server in no group. */
  ComputeHost choose(Transaction tx, Flavor flavor, Optional<String> excluded, Instant now) {
    return choose(tx, flavor, excluded, Optional.empty(), now);
  }

  /**
   * Among the hosts the group allows, its soft policy's preference first, then the most free
   * memory, then the host name, so placement is deterministic.
   */
  ComputeHost choose(
      Transaction tx,
      Flavor flavor,
      Optional<String> excluded,
      Optional<GroupRule> group,
      Instant now) {
    Map<String, HostUsage> usage = store.usageByHost(tx);
    List<ComputeHost> candidates =
        store.listHosts(tx, Optional.empty(), Optional.of(ComputeHost.COMPUTE_BINARY)).stream()
            .filter(host -> excluded.map(e -> !e.equals(host.host())).orElse(true))
            .filter(host -> group.map(rule -> rule.allows(host.host())).orElse(true))
            .filter(host -> usable(host, now))
            .filter(host -> usage.getOrDefault(host.host(), HostUsage.NONE).fits(host, flavor))
            .sorted(
                Comparator.comparingInt(
                        (ComputeHost host) -> group.map(rule -> rule.rank(host.host())).orElse(0))
                    .thenComparingLong(
                        (ComputeHost host) ->
                            -(host.memoryMb()
                                - usage.getOrDefault(host.host(), HostUsage.NONE).memoryMb()))
                    .thenComparing(ComputeHost::host))
            .toList();
    for (ComputeHost candidate : candidates) {
      Optional<ComputeHost> claimed = claim(tx, candidate.host(), flavor, now);
      if (claimed.isPresent()) {
        return claimed.get();
      }
    }
    throw FaultlineException.badRequest(NO_VALID_HOST);
  }

  /** Locks {@code host} and confirms it can still take the flavor. */
  Optional<ComputeHost> claim(Transaction tx, String host, Flavor flavor, Instant now) {
    return store
        .lockHost(tx, host, ComputeHost.COMPUTE_BINARY)
        .filter(locked -> usable(locked, now))
        .filter(locked -> store.usageOf(tx, host).fits(locked, flavor));
  }

  private boolean usable(ComputeHost host, Instant now) {
    return host.enabled() && host.isUp(now, serviceDownTime);
  }
}
