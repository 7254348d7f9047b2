package io.faultline.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.bus.Bus;
import io.faultline.bus.Notification;
import io.faultline.bus.OutboxRelay;
import io.faultline.bus.Subscriber;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.policy.PolicyDefaults;
import io.faultline.store.Database;
import io.faultline.store.JdbiNetworkStore;
import io.faultline.store.JdbiOutbox;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Subnets and fixed-IP allocation end to end on a real store (H2 and PostgreSQL subclasses),
 * including many ports created at once on one small subnet.
 */
abstract class SubnetScenarioTest {
  static final Credentials ADMIN =
      NetworkServiceScenarioTest.credentials("admin", "service", "admin", "member", "reader");
  static final Credentials MEMBER =
      NetworkServiceScenarioTest.credentials("member", "tenant", "member", "reader");
  static final Credentials STRANGER =
      NetworkServiceScenarioTest.credentials("stranger", "other", "member", "reader");

  Database database;
  OutboxRelay relay;
  NetworkService networks;
  SubnetService subnets;
  Network network;

  abstract Database openDatabase();

  @BeforeEach
  void start() {
    database = openDatabase();
    Bus bus =
        new Bus() {
          @Override
          public void publish(Notification notification) {}

          @Override
          public void subscribe(String name, Subscriber subscriber) {}

          @Override
          public void close() {}
        };
    relay = new OutboxRelay(new JdbiOutbox(database), bus);
    PolicyDefaults defaults = new PolicyDefaults();
    NetworkPolicies.register(defaults);
    Policy policy = Policy.of(defaults.rules(), Map.of());
    JdbiNetworkStore store = new JdbiNetworkStore();
    networks =
        new NetworkService(store, database.transactor(), relay, policy, InstantSource.system());
    subnets = new SubnetService(store, database.transactor(), policy, InstantSource.system());
    network =
        networks.createNetwork(MEMBER, new NetworkCreate(Optional.empty(), "net", "", false, true));
  }

  @AfterEach
  void stop() {
    relay.close();
    database.close();
  }

  Subnet subnet(String cidr, Optional<List<AllocationPool>> pools) {
    return subnets
        .create(
            MEMBER,
            List.of(
                new SubnetCreate(
                    Optional.empty(),
                    network.id(),
                    "sub",
                    "",
                    cidr,
                    Optional.empty(),
                    false,
                    pools,
                    true,
                    List.of())))
        .get(0);
  }

  Port port(List<FixedIp> fixedIps) {
    return networks.createPort(
        MEMBER,
        new PortCreate(
            network.id(),
            Optional.empty(),
            "",
            "",
            "",
            "",
            Optional.empty(),
            Optional.empty(),
            fixedIps,
            true));
  }

  void assertFails(Runnable action, ErrorCode code, String message) {
    assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(
            FaultlineException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.getMessage()).contains(message);
            });
  }

  @Test
  void aSubnetGetsNeutronsGatewayAndPoolsAndPortsTheLowestFreeAddress() {
    Subnet subnet = subnet("10.1.0.0/24", Optional.empty());
    assertThat(subnet.gatewayIp()).contains("10.1.0.1");
    assertThat(subnet.allocationPools())
        .containsExactly(new AllocationPool("10.1.0.2", "10.1.0.254"));
    Port first = port(List.of());
    Port second = port(List.of());
    assertThat(first.fixedIps()).containsExactly(new FixedIp(subnet.id().value(), "10.1.0.2"));
    assertThat(second.fixedIps()).containsExactly(new FixedIp(subnet.id().value(), "10.1.0.3"));
    Port chosen = port(List.of(new FixedIp("", "10.1.0.50")));
    assertThat(chosen.fixedIps()).containsExactly(new FixedIp(subnet.id().value(), "10.1.0.50"));
    assertFails(
        () -> port(List.of(new FixedIp("", "10.1.0.50"))), ErrorCode.CONFLICT, "already allocated");
    assertFails(
        () -> port(List.of(new FixedIp("", "10.9.0.5"))), ErrorCode.BAD_REQUEST, "not a valid IP");
    assertFails(
        () -> port(List.of(new FixedIp("nope", ""))), ErrorCode.BAD_REQUEST, "invalid subnet");

    Port moved =
        networks.updatePort(
            MEMBER,
            second.id(),
            PortUpdate.fixedIps(List.of(new FixedIp("", "10.1.0.60"))),
            java.util.OptionalLong.empty());
    assertThat(moved.fixedIps()).containsExactly(new FixedIp(subnet.id().value(), "10.1.0.60"));
    assertThat(port(List.of(new FixedIp("", "10.1.0.3"))).fixedIps())
        .extracting(FixedIp::ipAddress)
        .containsExactly("10.1.0.3");
    networks.deletePort(MEMBER, first.id());
    assertThat(port(List.of()).fixedIps())
        .containsExactly(new FixedIp(subnet.id().value(), "10.1.0.2"));
  }

  @Test
  void subnetRulesAreCheckedAndADeleteWaitsForItsPorts() {
    assertFails(() -> subnet("10.2.0.1/24", Optional.empty()), ErrorCode.BAD_REQUEST, "host bits");
    assertFails(() -> subnet("10.2.0.0/33", Optional.empty()), ErrorCode.BAD_REQUEST, "prefix");
    assertFails(
        () ->
            subnet("10.2.0.0/24", Optional.of(List.of(new AllocationPool("10.2.0.1", "10.2.0.9")))),
        ErrorCode.CONFLICT,
        "conflicts with allocation pool");
    assertFails(
        () ->
            subnet("10.2.0.0/24", Optional.of(List.of(new AllocationPool("10.2.0.9", "10.2.1.9")))),
        ErrorCode.BAD_REQUEST,
        "spans beyond");
    Subnet subnet =
        subnet("10.2.0.0/24", Optional.of(List.of(new AllocationPool("10.2.0.100", "10.2.0.101"))));
    assertFails(() -> subnet("10.2.0.128/25", Optional.empty()), ErrorCode.BAD_REQUEST, "overlaps");
    assertFails(
        () ->
            subnets.create(
                STRANGER,
                List.of(
                    new SubnetCreate(
                        Optional.empty(),
                        network.id(),
                        "theirs",
                        "",
                        "10.5.0.0/24",
                        Optional.empty(),
                        false,
                        Optional.empty(),
                        true,
                        List.of()))),
        ErrorCode.NOT_FOUND,
        "could not be found");
    Port port = port(List.of());
    assertThat(port.fixedIps()).containsExactly(new FixedIp(subnet.id().value(), "10.2.0.100"));
    port(List.of());
    assertFails(() -> port(List.of()), ErrorCode.CONFLICT, "No more IP addresses");
    assertFails(() -> subnets.delete(MEMBER, subnet.id()), ErrorCode.CONFLICT, "IP allocation");
    assertFails(
        () -> subnets.get(STRANGER, subnet.id()), ErrorCode.NOT_FOUND, "could not be found");

    Subnet renamed =
        subnets.update(
            MEMBER,
            subnet.id(),
            new SubnetUpdate(
                Optional.of("renamed"),
                Optional.empty(),
                false,
                Optional.empty(),
                Optional.of(List.of(new AllocationPool("10.2.0.100", "10.2.0.110"))),
                Optional.empty(),
                Optional.empty()));
    assertThat(renamed.name()).isEqualTo("renamed");
    assertThat(renamed.revisionNumber()).isEqualTo(2);
    assertThat(port(List.of()).fixedIps())
        .extracting(FixedIp::ipAddress)
        .containsExactly("10.2.0.102");
  }

  @Test
  void portsCreatedAtOnceNeverShareAnAddress() throws Exception {
    Subnet subnet = subnet("10.3.0.0/27", Optional.empty());
    int creates = 24;
    ExecutorService pool = Executors.newFixedThreadPool(6);
    CountDownLatch ready = new CountDownLatch(1);
    try {
      List<Callable<Port>> tasks = new ArrayList<>();
      for (int i = 0; i < creates; i++) {
        tasks.add(
            () -> {
              ready.await(60, TimeUnit.SECONDS);
              return port(List.of());
            });
      }
      List<Future<Port>> futures = new ArrayList<>();
      for (Callable<Port> task : tasks) {
        futures.add(pool.submit(task));
      }
      ready.countDown();
      Set<String> addresses = new HashSet<>();
      for (Future<Port> future : futures) {
        Port port = future.get(120, TimeUnit.SECONDS);
        assertThat(port.fixedIps()).hasSize(1);
        assertThat(port.fixedIps().get(0).subnetId()).isEqualTo(subnet.id().value());
        addresses.add(port.fixedIps().get(0).ipAddress());
      }
      assertThat(addresses).hasSize(creates);
      assertThat(
              networks.listPorts(ADMIN, PortQuery.of(PortFilter.NETWORK_ID, network.id().value())))
          .flatExtracting(Port::fixedIps)
          .extracting(FixedIp::ipAddress)
          .containsExactlyInAnyOrderElementsOf(addresses);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void bulkCreatesAreAllOrNothing() {
    subnet("10.4.0.0/24", Optional.empty());
    List<Port> created =
        networks.createPorts(
            MEMBER, List.of(PortCreate.on(network.id()), PortCreate.on(network.id())));
    assertThat(created)
        .flatExtracting(Port::fixedIps)
        .extracting(FixedIp::ipAddress)
        .containsExactly("10.4.0.2", "10.4.0.3");
    PortCreate taken =
        new PortCreate(
            network.id(),
            Optional.empty(),
            "",
            "",
            "",
            "",
            Optional.empty(),
            Optional.empty(),
            List.of(new FixedIp("", "10.4.0.2")),
            true);
    assertFails(
        () -> networks.createPorts(MEMBER, List.of(PortCreate.on(network.id()), taken)),
        ErrorCode.CONFLICT,
        "already allocated");
    assertThat(networks.listPorts(ADMIN, PortQuery.of(PortFilter.NETWORK_ID, network.id().value())))
        .hasSize(2);
    List<Network> both =
        networks.createNetworks(
            MEMBER,
            List.of(
                new NetworkCreate(Optional.empty(), "a", "", false, true),
                new NetworkCreate(Optional.empty(), "b", "", false, true)));
    assertThat(both).extracting(Network::name).containsExactly("a", "b");
    assertThat(networks.listNetworks(MEMBER)).hasSize(3);
  }
}
