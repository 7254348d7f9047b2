package io.faultline.network;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Neutron's IPv4 subnets: created on a network by its owner (or admin), seen by whoever sees the
 * network, changed and deleted by the owner; a subnet with allocated addresses cannot be deleted.
 */
public final class SubnetService {
  private final NetworkStore store;
  private final Transactor transactor;
  private final Policy policy;
  private final InstantSource clock;

  public SubnetService(
      NetworkStore store, Transactor transactor, Policy policy, InstantSource clock) {
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Creates every subnet of the request in one transaction: all or none. */
  public List<Subnet> create(Credentials caller, List<SubnetCreate> requests) {
    return transactor.inTransaction(
        tx -> requests.stream().map(request -> create(tx, caller, request)).toList());
  }

  private Subnet create(Transaction tx, Credentials caller, SubnetCreate request) {
    Network network =
        store
            .findNetwork(tx, request.networkId())
            .filter(n -> canSee(caller, n))
            .orElseThrow(
                () ->
                    FaultlineException.notFound(
                        "Network " + request.networkId() + " could not be found."));
    String projectId = request.projectId().orElseGet(caller::requireProjectId);
    policy.authorize(
        NetworkPolicies.CREATE_SUBNET,
        caller,
        Map.of("project_id", projectId, "network:tenant_id", network.projectId()));
    Ipv4.Cidr cidr = Ipv4.cidr(request.cidr());
    Optional<String> gateway = Subnets.gateway(cidr, request.gatewayIp(), request.noGateway());
    List<AllocationPool> pools =
        Subnets.checkPools(
            cidr,
            request.allocationPools().orElseGet(() -> Subnets.defaultPools(cidr, gateway)),
            gateway);
    for (Subnet other : store.subnetsOfNetwork(tx, network.id())) {
      Ipv4.Cidr existing = Ipv4.cidr(other.cidr());
      if (existing.contains(cidr.network()) || cidr.contains(existing.network())) {
        throw FaultlineException.badRequest(
            "Invalid input for operation: Requested subnet with cidr: "
                + cidr
                + " for network: "
                + network.id()
                + " overlaps with another subnet.");
      }
    }
    Instant now = clock.instant();
    Subnet subnet =
        new Subnet(
            new SubnetId(UUID.randomUUID().toString()),
            network.id(),
            projectId,
            request.name(),
            request.description(),
            cidr.toString(),
            gateway,
            pools,
            request.enableDhcp(),
            Subnets.checkNameservers(request.dnsNameservers()),
            1,
            now,
            now);
    store.insertSubnet(tx, subnet);
    return subnet;
  }

  public Subnet get(Credentials caller, SubnetId id) {
    return transactor.inTransaction(tx -> visible(tx, caller, id));
  }

  public List<Subnet> list(Credentials caller) {
    return transactor.inTransaction(
        tx -> {
          Map<NetworkId, Boolean> visible = new java.util.HashMap<>();
          return store.listSubnets(tx).stream()
              .filter(
                  subnet ->
                      visible.computeIfAbsent(
                          subnet.networkId(),
                          id ->
                              store.findNetwork(tx, id).map(n -> canSee(caller, n)).orElse(false)))
              .toList();
        });
  }

  public Subnet update(Credentials caller, SubnetId id, SubnetUpdate update) {
    return transactor.inTransaction(
        tx -> {
          Subnet subnet = visible(tx, caller, id);
          policy.authorize(NetworkPolicies.UPDATE_SUBNET, caller, subnet.projectId());
          Subnet locked = store.findSubnetForUpdate(tx, id).orElseThrow();
          Ipv4.Cidr cidr = Ipv4.cidr(locked.cidr());
          Optional<String> gateway =
              update.gatewayGiven()
                  ? Subnets.gateway(cidr, update.gatewayIp(), update.gatewayIp().isEmpty())
                  : locked.gatewayIp();
          List<AllocationPool> pools =
              Subnets.checkPools(
                  cidr, update.allocationPools().orElse(locked.allocationPools()), gateway);
          Subnet revised =
              locked.revised(
                  update.name().orElse(locked.name()),
                  update.description().orElse(locked.description()),
                  gateway,
                  pools,
                  update.enableDhcp().orElse(locked.enableDhcp()),
                  Subnets.checkNameservers(update.dnsNameservers().orElse(locked.dnsNameservers())),
                  clock.instant());
          store.updateSubnet(tx, revised);
          return revised;
        });
  }

  public void delete(Credentials caller, SubnetId id) {
    transactor.run(
        tx -> {
          Subnet subnet = visible(tx, caller, id);
          policy.authorize(NetworkPolicies.DELETE_SUBNET, caller, subnet.projectId());
          store.findSubnetForUpdate(tx, id);
          if (!store.allocatedAddresses(tx, id).isEmpty()) {
            throw FaultlineException.conflict(
                "Unable to complete operation on subnet "
                    + id
                    + ": One or more ports have an IP allocation from this subnet.");
          }
          store.deleteSubnet(tx, id);
        });
  }

  private Subnet visible(Transaction tx, Credentials caller, SubnetId id) {
    return store
        .findSubnet(tx, id)
        .filter(
            subnet ->
                store.findNetwork(tx, subnet.networkId()).map(n -> canSee(caller, n)).orElse(false))
        .orElseThrow(() -> FaultlineException.notFound("Subnet " + id + " could not be found."));
  }

  private boolean canSee(Credentials caller, Network network) {
    return network.shared()
        || policy.allows(
            NetworkPolicies.GET_NETWORK, caller, Map.of("project_id", network.projectId()));
  }
}
