package io.faultline.network;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule of a security group, as Neutron stores it: the direction and ethertype, an optional
 * protocol (a name such as {@code tcp}, or a number), a port range (ICMP's type and code for ICMP),
 * and at most one remote: a CIDR or another group.
 */
public record SecurityGroupRule(
    String id,
    SecurityGroupId securityGroupId,
    String projectId,
    Direction direction,
    Ethertype ethertype,
    Optional<String> protocol,
    Optional<Integer> portRangeMin,
    Optional<Integer> portRangeMax,
    Optional<String> remoteIpPrefix,
    Optional<SecurityGroupId> remoteGroupId,
    String description,
    long revisionNumber,
    Instant createdAt,
    Instant updatedAt) {

  /** Traffic into or out of the ports of the group. */
  public enum Direction {
    INGRESS,
    EGRESS;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The IP version a rule matches, spelled as Neutron does. */
  public enum Ethertype {
    IPV4("IPv4"),
    IPV6("IPv6");

    private final String wireName;

    Ethertype(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  public SecurityGroupRule {
    requireNonNull(id, "id is null");
    requireNonNull(securityGroupId, "securityGroupId is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(direction, "direction is null");
    requireNonNull(ethertype, "ethertype is null");
    requireNonNull(protocol, "protocol is null");
    requireNonNull(portRangeMin, "portRangeMin is null");
    requireNonNull(portRangeMax, "portRangeMax is null");
    requireNonNull(remoteIpPrefix, "remoteIpPrefix is null");
    requireNonNull(remoteGroupId, "remoteGroupId is null");
    requireNonNull(description, "description is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }

  /** Whether the two rules match the same traffic in the same group (Neutron's duplicate check). */
  public boolean sameAs(SecurityGroupRule other) {
    return securityGroupId.equals(other.securityGroupId)
        && direction == other.direction
        && ethertype == other.ethertype
        && Objects.equals(protocol, other.protocol)
        && Objects.equals(portRangeMin, other.portRangeMin)
        && Objects.equals(portRangeMax, other.portRangeMax)
        && Objects.equals(remoteIpPrefix, other.remoteIpPrefix)
        && Objects.equals(remoteGroupId, other.remoteGroupId);
  }
}
