package io.faultline.compute;

import java.util.Arrays;
import java.util.Optional;

/**
 * A server group's placement policy, as Nova names it. The hard ones are filters (a host that
 * breaks them is never chosen, so a boot or an evacuation without such a host fails); the soft ones
 * (2.15) only order the hosts that pass.
 */
public enum GroupPolicy {
  /** Every member on one host. */
  AFFINITY("affinity", true, 0),
  /** No two members on one host: an active and a standby VNF component survive one host's loss. */
  ANTI_AFFINITY("anti-affinity", true, 0),
  /** Members together where a host allows it. */
  SOFT_AFFINITY("soft-affinity", false, 15),
  /** Members apart where the hosts allow it. */
  SOFT_ANTI_AFFINITY("soft-anti-affinity", false, 15);

  private final String wireName;
  private final boolean hard;
  private final int sinceMicroversion;

  GroupPolicy(String wireName, boolean hard, int sinceMicroversion) {
    this.wireName = wireName;
    this.hard = hard;
    this.sinceMicroversion = sinceMicroversion;
  }

  public String wireName() {
    return wireName;
  }

  /** The minor microversion (2.x) from which a request may ask for this policy. */
  public int sinceMicroversion() {
    return sinceMicroversion;
  }

  boolean hard() {
    return hard;
  }

  public static Optional<GroupPolicy> fromWire(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
  }
}
