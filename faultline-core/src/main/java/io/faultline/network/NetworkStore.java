package io.faultline.network;

import io.faultline.tx.Transaction;
import java.util.List;
import java.util.Optional;

/** Durable storage of networks and ports, with ports indexed by binding host and device. */
public interface NetworkStore {
  void insertNetwork(Transaction tx, Network network);

  void updateNetwork(Transaction tx, Network network);

  void deleteNetwork(Transaction tx, NetworkId id);

  Optional<Network> findNetwork(Transaction tx, NetworkId id);

  List<Network> listNetworks(Transaction tx);

  /** Whether any port is on the network (a network in use cannot be deleted). */
  boolean networkHasPorts(Transaction tx, NetworkId id);

  void insertPorts(Transaction tx, List<Port> ports);

  /** Writes every given port's new state in one batch. */
  void updatePorts(Transaction tx, List<Port> ports);

  void deletePorts(Transaction tx, List<PortId> ids);

  Optional<Port> findPort(Transaction tx, PortId id);

  /** Finds a port and locks it until the transaction ends, so concurrent updates serialize. */
  Optional<Port> findPortForUpdate(Transaction tx, PortId id);

  /** Ports matching the query, oldest first. */
  List<Port> listPorts(Transaction tx, PortQuery query);

  /**
   * Part of a port list in id order, as Neutron pages: at most {@code count} ports matching the
   * query whose id is greater than {@code after} (which need not exist any more).
   */
  List<Port> pagePorts(Transaction tx, PortQuery query, Optional<String> after, int count);

  /**
   * Saves the data-plane status, revision and update time of ports whose change the caller decided
   * (a host's ports, say), in one batched statement; throws when one of them is not there.
   */
  void saveDataPlaneStatuses(Transaction tx, List<Port> revised);

  /** How many ports bound to each host have their data plane DOWN; of one host when given. */
  java.util.Map<String, Integer> dataPlaneDownByHost(Transaction tx, Optional<String> host);

  /** Every port bound to {@code host}, locked until the transaction ends. */
  List<Port> portsOnHostForUpdate(Transaction tx, String host);

  void insertSubnet(Transaction tx, Subnet subnet);

  void updateSubnet(Transaction tx, Subnet subnet);

  /** Deletes the subnet; its allocations must be gone. */
  void deleteSubnet(Transaction tx, SubnetId id);

  Optional<Subnet> findSubnet(Transaction tx, SubnetId id);

  /** Finds and locks a subnet: allocations from it serialize on this lock. */
  Optional<Subnet> findSubnetForUpdate(Transaction tx, SubnetId id);

  /** Every subnet, oldest first. */
  List<Subnet> listSubnets(Transaction tx);

  /** A network's subnets, oldest first. */
  List<Subnet> subnetsOfNetwork(Transaction tx, NetworkId id);

  /** Deletes a network's subnets (it has no ports, so no allocations). */
  void deleteSubnetsOfNetwork(Transaction tx, NetworkId id);

  java.util.Set<String> allocatedAddresses(Transaction tx, SubnetId id);

  void insertAllocation(Transaction tx, SubnetId subnet, String address, PortId port);

  /** Releases every address allocated to the port. */
  void releaseAddresses(Transaction tx, PortId port);
}
