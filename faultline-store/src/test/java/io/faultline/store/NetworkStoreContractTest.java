package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.network.DataPlaneStatus;
import io.faultline.network.FixedIp;
import io.faultline.network.Network;
import io.faultline.network.NetworkId;
import io.faultline.network.Port;
import io.faultline.network.PortFilter;
import io.faultline.network.PortId;
import io.faultline.network.PortQuery;
import io.faultline.network.PortStatus;
import io.faultline.network.SecurityGroup;
import io.faultline.network.SecurityGroupId;
import io.faultline.network.SecurityGroupRule;
import io.faultline.network.SecurityGroupRule.Direction;
import io.faultline.network.SecurityGroupRule.Ethertype;
import io.faultline.tx.Transactor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link io.faultline.network.NetworkStore} must do; run against H2 and PostgreSQL. */
abstract class NetworkStoreContractTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  private Database database;
  private Transactor transactor;
  private final JdbiNetworkStore store = new JdbiNetworkStore();
  private final JdbiSecurityGroupStore groups = new JdbiSecurityGroupStore();

  abstract Database openDatabase();

  @BeforeEach
  void open() {
    database = openDatabase();
    transactor = database.transactor();
  }

  @AfterEach
  void close() {
    database.close();
  }

  private static Network network(String project, boolean shared) {
    return new Network(
        new NetworkId(UUID.randomUUID().toString()),
        "net",
        "",
        project,
        shared,
        true,
        "ACTIVE",
        1,
        T0,
        T0);
  }

  private static Port port(Network network, String device, String host) {
    return new Port(
        new PortId(UUID.randomUUID().toString()),
        "p",
        "d",
        network.id(),
        network.projectId(),
        device,
        "compute:nova",
        host,
        "fa:16:3e:00:00:01",
        List.of(new FixedIp("subnet-1", "10.0.0.5")),
        true,
        PortStatus.DOWN,
        Optional.empty(),
        1,
        T0,
        T0);
  }

  @Test
  void networksRoundTrip() {
    Network network = network("p1", true);
    transactor.run(tx -> store.insertNetwork(tx, network));
    assertThat(network(network.id())).contains(network);
    Network renamed = network.revised("other", "desc", false, false, T0.plusSeconds(1));
    transactor.run(tx -> store.updateNetwork(tx, renamed));
    assertThat(networks()).containsExactly(renamed);
    transactor.run(tx -> store.deleteNetwork(tx, network.id()));
    assertThat(network(network.id())).isEmpty();
  }

  @Test
  void portsRoundTripWithAllFields() {
    Network network = network("p1", false);
    Port port = port(network, "vm-1", "host-a");
    transactor.run(
        tx -> {
          store.insertNetwork(tx, network);
          store.insertPorts(tx, List.of(port));
        });
    assertThat(port(port.id())).contains(port);
    assertThat(hasPorts(network.id())).isTrue();

    Port changed =
        port.withStatus(PortStatus.ACTIVE)
            .withDataPlaneStatus(Optional.of(DataPlaneStatus.DOWN))
            .withHostId("host-b")
            .revisedAt(T0.plusSeconds(5));
    transactor.run(tx -> store.updatePorts(tx, List.of(changed)));
    assertThat(portForUpdate(port.id())).contains(changed);

    transactor.run(tx -> store.deletePorts(tx, List.of(port.id())));
    assertThat(port(port.id())).isEmpty();
    assertThat(hasPorts(network.id())).isFalse();
  }

  @Test
  void emptyFixedIpsAndNullDataPlaneStatusSurvive() {
    Network network = network("p1", false);
    Port bare =
        port(network, "", "")
            .withAttributes("", "", "", "", List.of(), false)
            .withDataPlaneStatus(Optional.empty());
    transactor.run(
        tx -> {
          store.insertNetwork(tx, network);
          store.insertPorts(tx, List.of(bare));
        });
    Port read = port(bare.id()).orElseThrow();
    assertThat(read.fixedIps()).isEmpty();
    assertThat(read.dataPlaneStatus()).isEmpty();
    assertThat(read).isEqualTo(bare);
  }

  @Test
  void dataPlaneDownPortsAreCountedPerBoundHost() {
    Network network = network("p1", false);
    Port downA1 =
        port(network, "vm-1", "host-a").withDataPlaneStatus(Optional.of(DataPlaneStatus.DOWN));
    Port downA2 =
        port(network, "vm-2", "host-a").withDataPlaneStatus(Optional.of(DataPlaneStatus.DOWN));
    Port activeA =
        port(network, "vm-3", "host-a").withDataPlaneStatus(Optional.of(DataPlaneStatus.ACTIVE));
    Port unreportedB = port(network, "vm-4", "host-b").withDataPlaneStatus(Optional.empty());
    Port downC =
        port(network, "vm-5", "host-c").withDataPlaneStatus(Optional.of(DataPlaneStatus.DOWN));
    Port downUnbound =
        port(network, "vm-6", "").withDataPlaneStatus(Optional.of(DataPlaneStatus.DOWN));
    transactor.run(
        tx -> {
          store.insertNetwork(tx, network);
          store.insertPorts(tx, List.of(downA1, downA2, activeA, unreportedB, downC, downUnbound));
        });
    transactor.run(
        tx -> {
          assertThat(store.dataPlaneDownByHost(tx, Optional.empty()))
              .isEqualTo(java.util.Map.of("host-a", 2, "host-c", 1));
          assertThat(store.dataPlaneDownByHost(tx, Optional.of("host-a")))
              .isEqualTo(java.util.Map.of("host-a", 2));
          assertThat(store.dataPlaneDownByHost(tx, Optional.of("host-b"))).isEmpty();
        });
  }

  @Test
  void portsOnHostFindsOnlyThatHostsPorts() {
    Network network = network("p1", false);
    Port a1 = port(network, "vm-1", "host-a");
    Port a2 = port(network, "vm-2", "host-a");
    Port b1 = port(network, "vm-3", "host-b");
    transactor.run(
        tx -> {
          store.insertNetwork(tx, network);
          store.insertPorts(tx, List.of(a1, a2, b1));
        });
    assertThat(onHost("host-a")).containsExactlyInAnyOrder(a1, a2);
    assertThat(onHost("host-c")).isEmpty();
  }

  @Test
  void dataPlaneStatusesDecidedByTheCallerAreSavedInOneBatch() {
    Network network = network("p1", false);
    Port a1 = port(network, "vm-1", "host-a");
    Port a2 =
        port(network, "vm-2", "host-a").withDataPlaneStatus(Optional.of(DataPlaneStatus.DOWN));
    Port b1 = port(network, "vm-3", "host-b");
    transactor.run(
        tx -> {
          store.insertNetwork(tx, network);
          store.insertPorts(tx, List.of(a1, a2, b1));
        });
    Instant later = T0.plusSeconds(60);
    Port a1Down = a1.withDataPlaneStatus(Optional.of(DataPlaneStatus.DOWN)).revisedAt(later);
    transactor.run(tx -> store.saveDataPlaneStatuses(tx, List.of(a1Down)));
    assertThat(port(a1.id())).contains(a1Down);
    assertThat(port(a2.id())).contains(a2);
    assertThat(port(b1.id())).contains(b1);
    Port a2Cleared = a2.withDataPlaneStatus(Optional.empty()).revisedAt(later);
    transactor.run(
        tx ->
            store.saveDataPlaneStatuses(
                tx,
                List.of(a1Down.withDataPlaneStatus(Optional.empty()).revisedAt(later), a2Cleared)));
    assertThat(port(a1.id()).orElseThrow().dataPlaneStatus()).isEmpty();
    assertThat(port(a1.id()).orElseThrow().revisionNumber()).isEqualTo(a1.revisionNumber() + 2);
    assertThat(port(a2.id())).contains(a2Cleared);
    assertThatThrownBy(
            () ->
                transactor.run(
                    tx ->
                        store.saveDataPlaneStatuses(
                            tx, List.of(port(network, "vm-9", "host-a").revisedAt(later)))))
        .hasMessageContaining("was not there");
  }

  @Test
  void listFiltersAreAndAcrossAttributesAndOrWithinOne() {
    Network n1 = network("p1", false);
    Network n2 = network("p2", false);
    Port a = port(n1, "vm-1", "host-a");
    Port b = port(n1, "vm-2", "host-b").withStatus(PortStatus.ACTIVE);
    Port c = port(n2, "vm-3", "host-a").withDataPlaneStatus(Optional.of(DataPlaneStatus.DOWN));
    transactor.run(
        tx -> {
          store.insertNetwork(tx, n1);
          store.insertNetwork(tx, n2);
          store.insertPorts(tx, List.of(a, b, c));
        });
    assertThat(list(PortQuery.all())).containsExactlyInAnyOrder(a, b, c);
    assertThat(list(PortQuery.of(PortFilter.NETWORK_ID, n1.id().value())))
        .containsExactlyInAnyOrder(a, b);
    assertThat(
            list(
                PortQuery.of(PortFilter.HOST_ID, "host-a")
                    .and(PortFilter.PROJECT_ID, List.of("p1"))))
        .containsExactly(a);
    assertThat(list(PortQuery.of(PortFilter.DEVICE_ID, "vm-1", "vm-3")))
        .containsExactlyInAnyOrder(a, c);
    assertThat(list(PortQuery.of(PortFilter.STATUS, "ACTIVE"))).containsExactly(b);
    assertThat(list(PortQuery.of(PortFilter.DATA_PLANE_STATUS, "DOWN"))).containsExactly(c);
    assertThat(list(PortQuery.of(PortFilter.DATA_PLANE_STATUS, "")))
        .containsExactlyInAnyOrder(a, b);
    assertThat(list(PortQuery.of(PortFilter.ID, b.id().value()))).containsExactly(b);
    assertThat(list(PortQuery.of(PortFilter.DEVICE_OWNER, "network:dhcp"))).isEmpty();
    // The in-memory twin of the SQL agrees.
    assertThat(
            List.of(a, b, c).stream()
                .filter(PortQuery.of(PortFilter.HOST_ID, "host-a")::matches)
                .toList())
        .containsExactlyInAnyOrder(a, c);
  }

  @Test
  void batchUpdateWritesEveryPortAndRollsBackTogether() {
    Network network = network("p1", false);
    List<Port> ports =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(i -> port(network, "vm-" + i, "h"))
            .toList();
    transactor.run(
        tx -> {
          store.insertNetwork(tx, network);
          store.insertPorts(tx, ports);
        });
    List<Port> down =
        ports.stream()
            .map(p -> p.withDataPlaneStatus(Optional.of(DataPlaneStatus.DOWN)).revisedAt(T0))
            .toList();
    try {
      transactor.run(
          tx -> {
            store.updatePorts(tx, down);
            throw new IllegalStateException("abort");
          });
    } catch (IllegalStateException expected) {
      // rolled back
    }
    assertThat(list(PortQuery.of(PortFilter.DATA_PLANE_STATUS, "DOWN"))).isEmpty();
    transactor.run(tx -> store.updatePorts(tx, down));
    assertThat(list(PortQuery.of(PortFilter.DATA_PLANE_STATUS, "DOWN")))
        .containsExactlyInAnyOrderElementsOf(down);
  }

  private List<Port> list(PortQuery query) {
    return transactor.inTransaction(tx -> store.listPorts(tx, query));
  }

  private Optional<Network> network(NetworkId id) {
    return transactor.inTransaction(tx -> store.findNetwork(tx, id));
  }

  private List<Network> networks() {
    return transactor.inTransaction(tx -> store.listNetworks(tx));
  }

  private Optional<Port> port(PortId id) {
    return transactor.inTransaction(tx -> store.findPort(tx, id));
  }

  private Optional<Port> portForUpdate(PortId id) {
    return transactor.inTransaction(tx -> store.findPortForUpdate(tx, id));
  }

  private boolean hasPorts(NetworkId id) {
    return transactor.inTransaction(tx -> store.networkHasPorts(tx, id));
  }

  private List<Port> onHost(String host) {
    return transactor.inTransaction(tx -> store.portsOnHostForUpdate(tx, host));
  }

  private static SecurityGroupRule rule(
      SecurityGroupId group,
      String project,
      Optional<String> protocol,
      Optional<Integer> port,
      Optional<SecurityGroupId> remote,
      Instant at) {
    return new SecurityGroupRule(
        UUID.randomUUID().toString(),
        group,
        project,
        Direction.INGRESS,
        Ethertype.IPV6,
        protocol,
        port,
        port,
        remote.isPresent() ? Optional.empty() : Optional.of("2001:db8::/32"),
        remote,
        "r",
        1,
        at,
        at);
  }

  private static SecurityGroup group(String project, String name, List<SecurityGroupRule> rules) {
    SecurityGroupId id =
        rules.isEmpty()
            ? new SecurityGroupId(UUID.randomUUID().toString())
            : rules.get(0).securityGroupId();
    return new SecurityGroup(id, project, name, "d", rules, 1, T0, T0);
  }

  @Test
  void securityGroupsRoundTripWithTheirRulesInOrder() {
    SecurityGroupId id = new SecurityGroupId(UUID.randomUUID().toString());
    SecurityGroupRule tcp =
        rule(id, "p1", Optional.of("tcp"), Optional.of(22), Optional.empty(), T0);
    SecurityGroupRule any =
        rule(id, "p1", Optional.empty(), Optional.empty(), Optional.of(id), T0.plusSeconds(1));
    SecurityGroup web = group("p1", "web", List.of(tcp, any));
    SecurityGroup other = group("p2", "other", List.of());
    transactor.run(
        tx -> {
          groups.insertGroup(tx, web);
          groups.insertGroup(tx, other);
        });
    assertThat(
            transactor.<Optional<SecurityGroup>>inTransaction(
                tx -> groups.findGroup(tx, web.id(), true)))
        .contains(web);
    assertThat(
            transactor.<List<SecurityGroup>>inTransaction(
                tx -> groups.listGroups(tx, Optional.of("p1"))))
        .containsExactly(web);
    assertThat(
            transactor.<List<SecurityGroup>>inTransaction(
                tx -> groups.listGroups(tx, Optional.empty())))
        .containsExactlyInAnyOrder(web, other);
    assertThat(
            transactor.<Optional<SecurityGroupRule>>inTransaction(
                tx -> groups.findRule(tx, any.id())))
        .contains(any);
    assertThat(transactor.<Integer>inTransaction(tx -> groups.countRules(tx, "p1"))).isEqualTo(2);
    assertThat(transactor.<Integer>inTransaction(tx -> groups.countGroups(tx, "p1"))).isEqualTo(1);

    SecurityGroup renamed = web.revised("web-2", "front", T0.plusSeconds(9));
    transactor.run(
        tx -> {
          groups.updateGroup(tx, renamed);
          groups.deleteRule(tx, tcp.id());
        });
    SecurityGroup read =
        transactor
            .<Optional<SecurityGroup>>inTransaction(tx -> groups.findGroup(tx, web.id(), false))
            .orElseThrow();
    assertThat(read.name()).isEqualTo("web-2");
    assertThat(read.revisionNumber()).isEqualTo(2);
    assertThat(read.rules()).containsExactly(any);
  }

  @Test
  void aProjectHasOneDefaultGroupAndDeletingAGroupTakesTheRulesNamingIt() {
    SecurityGroup first = group("p1", "default", List.of());
    SecurityGroup second = group("p1", "default", List.of());
    transactor.run(
        tx -> {
          groups.insertGroup(tx, first);
          groups.insertGroup(tx, second);
          groups.insertDefault(tx, "p1", first.id());
        });
    assertThatThrownBy(() -> transactor.run(tx -> groups.insertDefault(tx, "p1", second.id())))
        .isInstanceOf(io.faultline.error.FaultlineException.class)
        .extracting(e -> ((io.faultline.error.FaultlineException) e).code())
        .isEqualTo(io.faultline.error.ErrorCode.CONFLICT);
    assertThat(
            transactor.<Optional<SecurityGroupId>>inTransaction(tx -> groups.findDefault(tx, "p1")))
        .contains(first.id());

    SecurityGroupRule naming =
        rule(second.id(), "p1", Optional.empty(), Optional.empty(), Optional.of(first.id()), T0);
    transactor.run(tx -> groups.insertRule(tx, naming));
    transactor.run(tx -> groups.deleteGroup(tx, first.id()));
    assertThat(
            transactor.<Optional<SecurityGroupId>>inTransaction(tx -> groups.findDefault(tx, "p1")))
        .isEmpty();
    assertThat(
            transactor.<Optional<SecurityGroupRule>>inTransaction(
                tx -> groups.findRule(tx, naming.id())))
        .isEmpty();
    assertThat(
            transactor.<Optional<SecurityGroup>>inTransaction(
                tx -> groups.findGroup(tx, second.id(), false)))
        .isPresent();
  }

  @Test
  void aPortsSecurityGroupsAreReplacedReadInBulkAndLeaveWithThePort() {
    Network network = network("p1", false);
    Port first = port(network, "vm-1", "host-a");
    Port second = port(network, "vm-2", "host-a");
    SecurityGroup web = group("p1", "web", List.of());
    SecurityGroup db = group("p1", "db", List.of());
    transactor.run(
        tx -> {
          store.insertNetwork(tx, network);
          store.insertPorts(tx, List.of(first, second));
          groups.insertGroup(tx, web);
          groups.insertGroup(tx, db);
          groups.setPortGroups(tx, first.id(), List.of(web.id(), db.id()));
          groups.setPortGroups(tx, second.id(), List.of(web.id()));
          groups.setPortGroups(tx, second.id(), List.of(db.id()));
        });
    java.util.Map<PortId, List<SecurityGroupId>> read =
        transactor.inTransaction(
            tx -> groups.portGroups(tx, List.of(first.id(), second.id(), new PortId("none"))));
    assertThat(read.get(first.id())).containsExactlyInAnyOrder(web.id(), db.id());
    assertThat(read.get(second.id())).containsExactly(db.id());
    assertThat(read).doesNotContainKey(new PortId("none"));

    transactor.run(tx -> store.deletePorts(tx, List.of(first.id())));
    assertThat(transactor.<Boolean>inTransaction(tx -> groups.groupInUse(tx, web.id()))).isFalse();
    assertThat(transactor.<Boolean>inTransaction(tx -> groups.groupInUse(tx, db.id()))).isTrue();
  }
}
