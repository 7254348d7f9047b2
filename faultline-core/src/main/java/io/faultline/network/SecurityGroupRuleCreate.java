package io.faultline.network;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A rule as a client asked for it, before validation: {@code direction} and {@code ethertype} as
 * spelled on the wire, {@code protocol} a name or a number in text.
 */
public record SecurityGroupRuleCreate(
    Optional<String> projectId,
    SecurityGroupId securityGroupId,
    String direction,
    Optional<String> ethertype,
    Optional<String> protocol,
    Optional<Integer> portRangeMin,
    Optional<Integer> portRangeMax,
    Optional<String> remoteIpPrefix,
    Optional<SecurityGroupId> remoteGroupId,
    String description) {
  public SecurityGroupRuleCreate {
    requireNonNull(projectId, "projectId is null");
    requireNonNull(securityGroupId, "securityGroupId is null");
    requireNonNull(direction, "direction is null");
    requireNonNull(ethertype, "ethertype is null");
    requireNonNull(protocol, "protocol is null");
    requireNonNull(portRangeMin, "portRangeMin is null");
    requireNonNull(portRangeMax, "portRangeMax is null");
    requireNonNull(remoteIpPrefix, "remoteIpPrefix is null");
    requireNonNull(remoteGroupId, "remoteGroupId is null");
    requireNonNull(description, "description is null");
  }
}
