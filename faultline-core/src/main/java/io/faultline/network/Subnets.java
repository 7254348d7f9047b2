package io.faultline.network;

import io.faultline.error.FaultlineException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Neutron's subnet rules: gateway and pools inside the CIDR, pools disjoint, gateway outside. */
final class Subnets {
  private Subnets() {}

  /** The gateway a create asks for: given, none, or the CIDR's first address. */
  static Optional<String> gateway(Ipv4.Cidr cidr, Optional<String> given, boolean none) {
    if (none) {
      return Optional.empty();
    }
    if (given.isPresent()) {
      long address = Ipv4.parse(given.get(), "gateway_ip");
      if (!cidr.contains(address) || address == cidr.network() || address == cidr.broadcast()) {
        throw FaultlineException.badRequest(
            "Invalid input for operation: Gateway IP "
                + given.get()
                + " is not a host address of subnet "
                + cidr
                + ".");
      }
      return given;
    }
    return Optional.of(Ipv4.format(cidr.network() + 1));
  }

  /** Every host address but the gateway, as Neutron's default pools. */
  static List<AllocationPool> defaultPools(Ipv4.Cidr cidr, Optional<String> gateway) {
    long first = cidr.network() + 1;
    long last = cidr.broadcast() - 1;
    List<AllocationPool> pools = new ArrayList<>();
    if (gateway.isEmpty()) {
      pools.add(new AllocationPool(Ipv4.format(first), Ipv4.format(last)));
      return pools;
    }
    long gw = Ipv4.parse(gateway.get(), "gateway_ip");
    if (gw > first) {
      pools.add(new AllocationPool(Ipv4.format(first), Ipv4.format(gw - 1)));
    }
    if (gw < last) {
      pools.add(new AllocationPool(Ipv4.format(gw + 1), Ipv4.format(last)));
    }
    return pools;
  }

  /** Pools must be ordered ranges of host addresses of the CIDR, disjoint, avoiding the gateway. */
  static List<AllocationPool> checkPools(
      Ipv4.Cidr cidr, List<AllocationPool> pools, Optional<String> gateway) {
    List<long[]> ranges = new ArrayList<>();
    for (AllocationPool pool : pools) {
      long start = Ipv4.parse(pool.start(), "allocation_pools.start");
      long end = Ipv4.parse(pool.end(), "allocation_pools.end");
      if (start > end) {
        throw FaultlineException.badRequest(
            "Invalid input for operation: The allocation pool "
                + pool.start()
                + "-"
                + pool.end()
                + " is not valid: start is after end.");
      }
      if (start <= cidr.network() || end >= cidr.broadcast()) {
        throw FaultlineException.badRequest(
            "The allocation pool "
                + pool.start()
                + "-"
                + pool.end()
                + " spans beyond the subnet cidr "
                + cidr
                + ".");
      }
      if (gateway.isPresent()) {
        long gw = Ipv4.parse(gateway.get(), "gateway_ip");
        if (gw >= start && gw <= end) {
          throw FaultlineException.conflict(
              "Gateway ip "
                  + gateway.get()
                  + " conflicts with allocation pool "
                  + pool.start()
                  + "-"
                  + pool.end()
                  + ".");
        }
      }
      ranges.add(new long[] {start, end});
    }
    ranges.sort(Comparator.comparingLong(range -> range[0]));
    for (int i = 1; i < ranges.size(); i++) {
      if (ranges.get(i)[0] <= ranges.get(i - 1)[1]) {
        throw FaultlineException.badRequest(
            "Found overlapping allocation pools: "
                + Ipv4.format(ranges.get(i - 1)[0])
                + "-"
                + Ipv4.format(ranges.get(i - 1)[1])
                + " and "
                + Ipv4.format(ranges.get(i)[0])
                + "-"
                + Ipv4.format(ranges.get(i)[1])
                + ".");
      }
    }
    return pools;
  }

  static List<String> checkNameservers(List<String> servers) {
    for (String server : servers) {
      Ipv4.parse(server, "dns_nameservers");
    }
    if (servers.stream().distinct().count() != servers.size()) {
      throw FaultlineException.badRequest(
          "Invalid input for dns_nameservers. Reason: Duplicate nameserver in " + servers + ".");
    }
    return servers;
  }
}
