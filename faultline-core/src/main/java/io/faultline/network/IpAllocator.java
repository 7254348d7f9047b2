package io.faultline.network;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import io.faultline.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gives a port its fixed IPs from its network's subnets, in the port's transaction. Each subnet
 * used is locked first, so concurrent creates on one subnet take turns and never get the same
 * address (the allocation table's primary key backs this up). Without requested addresses a port
 * gets the lowest free address of the network's first subnet that has one, as Neutron allocates.
 */
final class IpAllocator {
  private final NetworkStore store;

  IpAllocator(NetworkStore store) {
    this.store = requireNonNull(store, "store is null");
  }

  List<FixedIp> allocate(Transaction tx, NetworkId network, PortId port, List<FixedIp> requested) {
    List<Subnet> subnets = store.subnetsOfNetwork(tx, network);
    if (requested.isEmpty()) {
      return automatic(tx, network, port, subnets);
    }
    List<FixedIp> allocated = new ArrayList<>();
    for (FixedIp wanted : requested) {
      Subnet subnet = subnetFor(network, subnets, wanted);
      Subnet locked = store.findSubnetForUpdate(tx, subnet.id()).orElseThrow();
      Set<String> used = store.allocatedAddresses(tx, locked.id());
      String address;
      if (wanted.ipAddress().isEmpty()) {
        address = nextFree(locked, used).orElseThrow(() -> exhausted(network));
      } else {
        address = wanted.ipAddress();
        if (used.contains(address)
            || allocated.contains(new FixedIp(locked.id().value(), address))) {
          throw FaultlineException.conflict(
              "IP address " + address + " already allocated in subnet " + locked.id() + ".");
        }
      }
      FixedIp ip = new FixedIp(locked.id().value(), address);
      store.insertAllocation(tx, locked.id(), address, port);
      allocated.add(ip);
    }
    return allocated;
  }

  private List<FixedIp> automatic(
      Transaction tx, NetworkId network, PortId port, List<Subnet> subnets) {
    if (subnets.isEmpty()) {
      return List.of();
    }
    for (Subnet subnet : subnets) {
      Subnet locked = store.findSubnetForUpdate(tx, subnet.id()).orElseThrow();
      Optional<String> address = nextFree(locked, store.allocatedAddresses(tx, locked.id()));
      if (address.isPresent()) {
        store.insertAllocation(tx, locked.id(), address.get(), port);
        return List.of(new FixedIp(locked.id().value(), address.get()));
      }
    }
    throw exhausted(network);
  }

  private static Subnet subnetFor(NetworkId network, List<Subnet> subnets, FixedIp wanted) {
    if (!wanted.subnetId().isEmpty()) {
      Subnet subnet =
          subnets.stream()
              .filter(s -> s.id().value().equals(wanted.subnetId()))
              .findFirst()
              .orElseThrow(
                  () ->
                      FaultlineException.badRequest(
                          "Invalid input for operation: Failed to create port on network "
                              + network
                              + ", because fixed_ips included invalid subnet "
                              + wanted.subnetId()
                              + "."));
      if (!wanted.ipAddress().isEmpty() && !subnet.contains(wanted.ipAddress())) {
        throw FaultlineException.badRequest(
            "IP address " + wanted.ipAddress() + " is not a valid IP for the specified subnet.");
      }
      return subnet;
    }
    if (!Ipv4.isAddress(wanted.ipAddress())) {
      throw FaultlineException.badRequest(
          "Invalid input for operation: IP address " + wanted.ipAddress() + " is not valid.");
    }
    return subnets.stream()
        .filter(s -> s.contains(wanted.ipAddress()))
        .findFirst()
        .orElseThrow(
            () ->
                FaultlineException.badRequest(
                    "IP address "
                        + wanted.ipAddress()
                        + " is not a valid IP for any subnet on network "
                        + network
                        + "."));
  }

  /** The lowest address of the subnet's pools that is not taken. */
  static Optional<String> nextFree(Subnet subnet, Set<String> used) {
    for (AllocationPool pool : subnet.allocationPools()) {
      long end = Ipv4.parse(pool.end(), "allocation_pools.end");
      for (long a = Ipv4.parse(pool.start(), "allocation_pools.start"); a <= end; a++) {
        String address = Ipv4.format(a);
        if (!used.contains(address)) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }

  private static FaultlineException exhausted(NetworkId network) {
    return FaultlineException.conflict(
        "No more IP addresses available on network " + network + ".");
  }
}
