package io.faultline.network;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A Neutron IPv4 subnet of a network, with the pools its ports' addresses come from. */
public record Subnet(
    SubnetId id,
    NetworkId networkId,
    String projectId,
    String name,
    String description,
    String cidr,
    Optional<String> gatewayIp,
    List<AllocationPool> allocationPools,
    boolean enableDhcp,
    List<String> dnsNameservers,
    long revisionNumber,
    Instant createdAt,
    Instant updatedAt) {
  public static final int IP_VERSION = 4;

  public Subnet {
    requireNonNull(id, "id is null");
    requireNonNull(networkId, "networkId is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(cidr, "cidr is null");
    requireNonNull(gatewayIp, "gatewayIp is null");
    allocationPools = List.copyOf(requireNonNull(allocationPools, "allocationPools is null"));
    dnsNameservers = List.copyOf(requireNonNull(dnsNameservers, "dnsNameservers is null"));
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }

  /** Whether {@code address} (dotted quad) is inside this subnet's CIDR. */
  public boolean contains(String address) {
    return Ipv4.isAddress(address) && Ipv4.cidr(cidr).contains(Ipv4.parse(address, "ip_address"));
  }

  public Subnet revised(
      String newName,
      String newDescription,
      Optional<String> newGateway,
      List<AllocationPool> newPools,
      boolean newEnableDhcp,
      List<String> newDnsNameservers,
      Instant now) {
    return new Subnet(
        id,
        networkId,
        projectId,
        newName,
        newDescription,
        cidr,
        newGateway,
        newPools,
        newEnableDhcp,
        newDnsNameservers,
        revisionNumber + 1,
        createdAt,
        now);
  }
}
