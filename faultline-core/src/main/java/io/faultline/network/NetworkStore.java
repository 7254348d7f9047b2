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
   * Sets the data-plane status of every port bound to {@code host} whose status differs, moving
   * each one's revision on by one, in one statement. Returns how many ports changed.
   */
  int setDataPlaneStatusOnHost(
      Transaction tx, String host, Optional<DataPlaneStatus> status, java.time.Instant now);

  /** How many ports bound to each host have their data plane DOWN; of one host when given. */
  java.util.Map<String, Integer> dataPlaneDownByHost(Transaction tx, Optional<String> host);

  /** Every port bound to {@code host}, locked until the transaction ends. */
  List<Port> portsOnHostForUpdate(Transaction tx, String host);
}
