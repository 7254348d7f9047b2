package io.faultline.network;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** What a subnet update changes; absent means unchanged ({@code gatewayGiven} with null: none). */
public record SubnetUpdate(
    Optional<String> name,
    Optional<String> description,
    boolean gatewayGiven,
    Optional<String> gatewayIp,
    Optional<List<AllocationPool>> allocationPools,
    Optional<Boolean> enableDhcp,
    Optional<List<String>> dnsNameservers) {
  public SubnetUpdate {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(gatewayIp, "gatewayIp is null");
    allocationPools = requireNonNull(allocationPools, "allocationPools is null").map(List::copyOf);
    requireNonNull(enableDhcp, "enableDhcp is null");
    dnsNameservers = requireNonNull(dnsNameservers, "dnsNameservers is null").map(List::copyOf);
    name.ifPresent(value -> Limits.check("name", value, Limits.NAME));
    description.ifPresent(value -> Limits.check("description", value, Limits.DESCRIPTION));
  }
}
