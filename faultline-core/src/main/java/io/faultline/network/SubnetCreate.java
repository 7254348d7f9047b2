package io.faultline.network;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A request to create a subnet. {@code gatewayIp}: absent means the first address of the CIDR,
 * {@code noGateway} an explicit {@code null}; absent pools mean the whole CIDR but network, gateway
 * and broadcast addresses.
 */
public record SubnetCreate(
    Optional<String> projectId,
    NetworkId networkId,
    String name,
    String description,
    String cidr,
    Optional<String> gatewayIp,
    boolean noGateway,
    Optional<List<AllocationPool>> allocationPools,
    boolean enableDhcp,
    List<String> dnsNameservers) {
  public SubnetCreate {
    requireNonNull(projectId, "projectId is null");
    requireNonNull(networkId, "networkId is null");
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(cidr, "cidr is null");
    requireNonNull(gatewayIp, "gatewayIp is null");
    allocationPools = requireNonNull(allocationPools, "allocationPools is null").map(List::copyOf);
    dnsNameservers = List.copyOf(requireNonNull(dnsNameservers, "dnsNameservers is null"));
    Limits.check("project_id", projectId, Limits.PROJECT);
    Limits.check("name", name, Limits.NAME);
    Limits.check("description", description, Limits.DESCRIPTION);
  }
}
