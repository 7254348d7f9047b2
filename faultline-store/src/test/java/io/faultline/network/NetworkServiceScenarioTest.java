package io.faultline.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.bus.Bus;
import io.faultline.bus.Notification;
import io.faultline.bus.OutboxRelay;
import io.faultline.bus.Subscriber;
import io.faultline.cause.Cause;
import io.faultline.cause.FaultId;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.host.HostId;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.policy.PolicyDefaults;
import io.faultline.store.Database;
import io.faultline.store.JdbiNetworkStore;
import io.faultline.store.JdbiOutbox;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The network use cases end to end on a real store (H2 and PostgreSQL subclasses), with a fake
 * clock and a recording bus.
 */
abstract class NetworkServiceScenarioTest {
  static final String TENANT = "tenant-project";
  static final String OTHER = "other-project";
  static final String SERVICE = "service-project";

  static final Cause CAUSE = new Cause(new FaultId("fault-n"), "faultline-inspector");

  /** The inspector's system principal: no role, known to policy by name. */
  static final Credentials INSPECTOR =
      new Credentials(
          "faultline-inspector",
          "faultline-inspector",
          "default",
          Optional.empty(),
          Optional.empty(),
          java.util.Set.of());

  static final Credentials ADMIN = credentials("admin", SERVICE, "admin", "member", "reader");
  static final Credentials INTEGRATOR =
      credentials("integrator", SERVICE, "data_plane_integrator", "member", "reader");
  static final Credentials MONITOR =
      credentials("monitor", SERVICE, "network_monitor", "member", "reader");
  static final Credentials MEMBER = credentials("member", TENANT, "member", "reader");
  static final Credentials READER = credentials("reader", TENANT, "reader");
  static final Credentials STRANGER = credentials("stranger", OTHER, "member", "reader");

  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T10:00:00Z"));
  final InstantSource clock = () -> now.get();
  final List<Notification> published = new CopyOnWriteArrayList<>();
  Database database;
  OutboxRelay relay;
  NetworkService service;
  Network network;

  static Credentials credentials(String user, String project, String... roles) {
    return new Credentials(
        user + "-id",
        user,
        "default",
        Optional.of(project),
        Optional.of(project + "-name"),
        Set.of(roles));
  }

  abstract Database openDatabase();

  @BeforeEach
  void start() {
    database = openDatabase();
    Bus bus =
        new Bus() {
          @Override
          public void publish(Notification notification) {
            published.add(notification);
          }

          @Override
          public void subscribe(String name, Subscriber subscriber) {}

          @Override
          public void close() {}
        };
    relay = new OutboxRelay(new JdbiOutbox(database), bus);
    PolicyDefaults defaults = new PolicyDefaults();
    NetworkPolicies.register(defaults);
    service =
        new NetworkService(
            new JdbiNetworkStore(),
            database.transactor(),
            relay,
            Policy.of(defaults.rules(), Map.of()),
            clock);
    network =
        service.createNetwork(MEMBER, new NetworkCreate(Optional.empty(), "net", "", false, true));
  }

  @AfterEach
  void stop() {
    relay.close();
    database.close();
  }

  Port tenantPort() {
    return service.createPort(MEMBER, PortCreate.on(network.id()));
  }

  Port reload(Port port) {
    return service.getPort(ADMIN, port.id());
  }

  static PortUpdate dataPlane(DataPlaneStatus status) {
    return PortUpdate.dataPlane(
        DataPlaneChange.of(Optional.of(Optional.ofNullable(status)), Optional.empty()));
  }

  static PortUpdate dpDown(boolean down) {
    return PortUpdate.dataPlane(DataPlaneChange.of(Optional.empty(), Optional.of(down)));
  }

  Port update(Credentials caller, Port port, PortUpdate update) {
    return service.updatePort(caller, port.id(), update, OptionalLong.empty());
  }

  void assertDenied(Credentials caller, Port port, PortUpdate update, ErrorCode code) {
    Port before = reload(port);
    int notifications = published.size();
    assertThatThrownBy(() -> update(caller, port, update))
        .isInstanceOfSatisfying(
            FaultlineException.class, e -> assertThat(e.code()).isEqualTo(code));
    assertThat(reload(port)).isEqualTo(before);
    assertThat(published).hasSize(notifications);
  }

  @Test
  void dataPlaneStatusIsWrittenByAdminAndIntegratorOnly() {
    Port port = tenantPort();
    assertDenied(MEMBER, port, dataPlane(DataPlaneStatus.DOWN), ErrorCode.FORBIDDEN);
    assertDenied(READER, port, dataPlane(DataPlaneStatus.DOWN), ErrorCode.FORBIDDEN);
    assertDenied(MONITOR, port, dataPlane(DataPlaneStatus.DOWN), ErrorCode.FORBIDDEN);
    assertDenied(STRANGER, port, dataPlane(DataPlaneStatus.DOWN), ErrorCode.NOT_FOUND);
    assertDenied(MEMBER, port, dpDown(true), ErrorCode.FORBIDDEN);

    assertThat(update(INTEGRATOR, port, dataPlane(DataPlaneStatus.DOWN)).dataPlaneStatus())
        .contains(DataPlaneStatus.DOWN);
    assertThat(update(ADMIN, port, dataPlane(null)).dataPlaneStatus()).isEmpty();
    // Tenants read it.
    assertThat(service.getPort(READER, port.id()).dataPlaneStatus()).isEmpty();
  }

  @Test
  void statusIsReportedByAdminAndNetworkMonitorOnly() {
    Port port = tenantPort();
    assertThat(port.status()).isEqualTo(PortStatus.DOWN);
    PortUpdate active = PortUpdate.status(PortStatus.ACTIVE);
    assertDenied(MEMBER, port, active, ErrorCode.FORBIDDEN);
    assertDenied(READER, port, active, ErrorCode.FORBIDDEN);
    assertDenied(INTEGRATOR, port, active, ErrorCode.FORBIDDEN);
    assertDenied(STRANGER, port, active, ErrorCode.NOT_FOUND);

    assertThat(update(MONITOR, port, active).status()).isEqualTo(PortStatus.ACTIVE);
    assertThat(update(ADMIN, port, PortUpdate.status(PortStatus.ERROR)).status())
        .isEqualTo(PortStatus.ERROR);
  }

  @Test
  void plainAttributesNeedUpdatePort() {
    Port port = tenantPort();
    assertDenied(READER, port, PortUpdate.name("x"), ErrorCode.FORBIDDEN);
    assertDenied(INTEGRATOR, port, PortUpdate.name("x"), ErrorCode.FORBIDDEN);
    assertDenied(MONITOR, port, PortUpdate.name("x"), ErrorCode.FORBIDDEN);
    assertDenied(STRANGER, port, PortUpdate.name("x"), ErrorCode.NOT_FOUND);
    assertThat(update(MEMBER, port, PortUpdate.name("renamed")).name()).isEqualTo("renamed");
    assertThat(update(ADMIN, port, PortUpdate.name("again")).name()).isEqualTo("again");
  }

  @Test
  void deletePortNeedsMemberOfTheProject() {
    Port port = tenantPort();
    assertThatThrownBy(() -> service.deletePort(READER, port.id()))
        .hasMessageContaining("delete_port");
    assertThatThrownBy(() -> service.deletePort(INTEGRATOR, port.id()))
        .hasMessageContaining("delete_port");
    assertThatThrownBy(() -> service.deletePort(STRANGER, port.id()))
        .hasMessageContaining("could not be found");
    assertThat(reload(port)).isEqualTo(port);
    service.deletePort(MEMBER, port.id());
    assertThatThrownBy(() -> reload(port)).hasMessageContaining("could not be found");
  }

  @Test
  void everyChangePublishesStartAndEndAndRepeatsPublishNothing() {
    Port port = tenantPort();
    now.set(now.get().plus(Duration.ofMinutes(5)));
    Port down = update(INTEGRATOR, port, dataPlane(DataPlaneStatus.DOWN));
    assertThat(down.revisionNumber()).isEqualTo(port.revisionNumber() + 1);
    assertThat(down.updatedAt()).isEqualTo(now.get());
    assertThat(published)
        .extracting(Notification::eventType)
        .containsExactly("port.update.start", "port.update.end");
    Notification end = published.get(1);
    assertThat(end.publisherId()).isEqualTo("network.faultline");
    assertThat(end.payload())
        .extractingByKey("port")
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("data_plane_status", "DOWN")
        .containsEntry("dp_down", true)
        .containsEntry("id", port.id().value());
    assertThat(end.payload())
        .extractingByKey("original_port")
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("data_plane_status", null)
        .containsEntry("dp_down", false);
    assertThat(published.get(0).payload())
        .containsEntry("id", port.id().value())
        .containsEntry("port", Map.of("data_plane_status", "DOWN"));

    // Same value again, in either spelling: nothing changes, nothing is published.
    assertThat(update(ADMIN, port, dataPlane(DataPlaneStatus.DOWN))).isEqualTo(down);
    assertThat(update(ADMIN, port, dpDown(true))).isEqualTo(down);
    assertThat(published).hasSize(2);

    // A rename changes the revision but is not a status change: no notification.
    Port renamed = update(MEMBER, port, PortUpdate.name("n"));
    assertThat(renamed.revisionNumber()).isEqualTo(down.revisionNumber() + 1);
    assertThat(published).hasSize(2);

    update(MONITOR, port, PortUpdate.status(PortStatus.ACTIVE));
    assertThat(published).hasSize(4);
    assertThat(published.get(2).payload()).containsEntry("port", Map.of("status", "ACTIVE"));
  }

  @Test
  void dpDownIsTheSameFieldSeenAsABoolean() {
    Port port = tenantPort();
    Port down = update(ADMIN, port, dpDown(true));
    assertThat(down.dataPlaneStatus()).contains(DataPlaneStatus.DOWN);
    assertThat(down.dataPlaneDown()).isTrue();
    Port up = update(ADMIN, port, dpDown(false));
    assertThat(up.dataPlaneStatus()).contains(DataPlaneStatus.ACTIVE);
    assertThat(up.dataPlaneDown()).isFalse();
    int count = published.size();
    update(ADMIN, port, dpDown(false));
    assertThat(published).hasSize(count);
  }

  @Test
  void revisionPreconditionFailsWithNothingChanged() {
    Port port = tenantPort();
    assertThatThrownBy(
            () ->
                service.updatePort(
                    ADMIN, port.id(), dataPlane(DataPlaneStatus.DOWN), OptionalLong.of(7)))
        .isInstanceOfSatisfying(
            FaultlineException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED));
    assertThat(reload(port)).isEqualTo(port);
    assertThat(published).isEmpty();
    Port down =
        service.updatePort(
            ADMIN,
            port.id(),
            dataPlane(DataPlaneStatus.DOWN),
            OptionalLong.of(port.revisionNumber()));
    assertThat(down.dataPlaneStatus()).contains(DataPlaneStatus.DOWN);
  }

  @Test
  void hostWideReportChangesOnlyThatHostsPortsThatDiffer() {
    InstancePorts instancePorts = service.hostPorts();
    List<Port> onA =
        database
            .transactor()
            .inTransaction(
                tx ->
                    instancePorts.createServerPorts(
                        tx, TENANT, "vm-1", "host-a", List.of(network.id(), network.id())));
    Port onB =
        database
            .transactor()
            .inTransaction(
                tx ->
                    instancePorts.createServerPorts(
                        tx, TENANT, "vm-2", "host-b", List.of(network.id())))
            .get(0);
    update(ADMIN, onA.get(0), dataPlane(DataPlaneStatus.DOWN));
    published.clear();

    List<Port> changed =
        service.setDataPlaneStatusOnHost(
            ADMIN, new HostId("host-a"), Optional.of(DataPlaneStatus.DOWN), CAUSE);
    assertThat(changed).extracting(Port::id).containsExactly(onA.get(1).id());
    assertThat(published)
        .extracting(Notification::eventType)
        .containsExactly("port.update.start", "port.update.end");
    assertThat(reload(onB).dataPlaneStatus()).isEmpty();
    assertThat(
            service.setDataPlaneStatusOnHost(
                ADMIN, new HostId("host-a"), Optional.of(DataPlaneStatus.DOWN), CAUSE))
        .isEmpty();
    assertThat(published).hasSize(2);
    assertThat(
            service.setDataPlaneStatusOnHost(ADMIN, new HostId("host-a"), Optional.empty(), CAUSE))
        .hasSize(2);
  }

  @Test
  void theHostWideChangeChecksPolicyAndCarriesItsCauseTyped() {
    Network network =
        service.createNetwork(MEMBER, new NetworkCreate(Optional.empty(), "n", "", false, true));
    List<Port> ports =
        database
            .transactor()
            .inTransaction(
                tx ->
                    service
                        .hostPorts()
                        .createServerPorts(tx, TENANT, "vm-9", "host-p", List.of(network.id())));
    published.clear();
    HostId host = new HostId("host-p");
    assertThatThrownBy(
            () ->
                service.setDataPlaneStatusOnHost(
                    MEMBER, host, Optional.of(DataPlaneStatus.DOWN), CAUSE))
        .isInstanceOf(FaultlineException.class)
        .hasMessageContaining(NetworkPolicies.UPDATE_HOST_DATA_PLANE_STATUS);
    assertThat(reload(ports.get(0)).dataPlaneStatus()).isEmpty();
    assertThat(published).isEmpty();

    assertThat(
            service.setDataPlaneStatusOnHost(
                INSPECTOR, host, Optional.of(DataPlaneStatus.DOWN), CAUSE))
        .hasSize(1);
    assertThat(published)
        .isNotEmpty()
        .allSatisfy(
            n -> {
              assertThat(n.cause()).contains(CAUSE);
              assertThat(n.payload()).doesNotContainKey("fault_id");
            });
  }

  @Test
  void serverPortsAreCreatedBoundMovedAndDeletedWithTheServer() {
    InstancePorts instancePorts = service.hostPorts();
    List<Port> ports =
        database
            .transactor()
            .inTransaction(
                tx ->
                    instancePorts.createServerPorts(
                        tx, TENANT, "vm-1", "host-a", List.of(network.id())));
    assertThat(ports)
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.deviceOwner()).isEqualTo("compute:nova");
              assertThat(port.deviceId()).isEqualTo("vm-1");
              assertThat(port.hostId()).isEqualTo("host-a");
              assertThat(port.projectId()).isEqualTo(TENANT);
            });
    List<Port> moved =
        database
            .transactor()
            .inTransaction(tx -> instancePorts.rebindDevicePorts(tx, "vm-1", "host-b"));
    assertThat(moved).extracting(Port::hostId).containsExactly("host-b");
    assertThat(reload(ports.get(0)).hostId()).isEqualTo("host-b");
    int deleted =
        database.transactor().inTransaction(tx -> instancePorts.deleteDevicePorts(tx, "vm-1"));
    assertThat(deleted).isEqualTo(1);
    assertThat(service.listPorts(ADMIN, PortQuery.all())).isEmpty();
  }

  @Test
  void serverPortsOnAnotherProjectsPrivateNetworkAreRefused() {
    InstancePorts instancePorts = service.hostPorts();
    assertThatThrownBy(
            () ->
                database
                    .transactor()
                    .inTransaction(
                        tx ->
                            instancePorts.createServerPorts(
                                tx, OTHER, "vm-9", "h", List.of(network.id()))))
        .hasMessageContaining("could not be found");
    assertThat(service.listPorts(ADMIN, PortQuery.all())).isEmpty();
  }

  @Test
  void networksFollowNeutronRules() {
    assertThatThrownBy(
            () ->
                service.createNetwork(
                    MEMBER, new NetworkCreate(Optional.empty(), "s", "", true, true)))
        .hasMessageContaining("create_network:shared");
    assertThatThrownBy(() -> service.getNetwork(STRANGER, network.id()))
        .hasMessageContaining("could not be found");
    Network shared =
        service.createNetwork(ADMIN, new NetworkCreate(Optional.empty(), "public", "", true, true));
    assertThat(service.listNetworks(STRANGER)).extracting(Network::id).containsExactly(shared.id());
    tenantPort();
    assertThatThrownBy(() -> service.deleteNetwork(MEMBER, network.id()))
        .isInstanceOfSatisfying(
            FaultlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    Network renamed =
        service.updateNetwork(
            MEMBER,
            network.id(),
            new NetworkUpdate(
                Optional.of("n2"), Optional.empty(), Optional.empty(), Optional.empty()),
            OptionalLong.of(1));
    assertThat(renamed.revisionNumber()).isEqualTo(2);
  }

  @Test
  void listingHidesOtherProjectsAndHostFilterIsAdminOnly() {
    Port port = tenantPort();
    assertThat(service.listPorts(STRANGER, PortQuery.all())).isEmpty();
    assertThat(service.listPorts(READER, PortQuery.all())).containsExactly(port);
    assertThat(service.listPorts(INTEGRATOR, PortQuery.all())).containsExactly(port);
    assertThatThrownBy(() -> service.listPorts(MEMBER, PortQuery.of(PortFilter.HOST_ID, "h")))
        .hasMessageContaining("binding:host_id");
    assertThat(service.listPorts(ADMIN, PortQuery.of(PortFilter.HOST_ID, "")))
        .containsExactly(port);
  }

  @Test
  void bindingHostOnCreateIsAdminOnly() {
    PortCreate bound =
        new PortCreate(
            network.id(),
            Optional.empty(),
            "",
            "",
            "",
            "",
            Optional.of("host-a"),
            Optional.empty(),
            List.of(),
            true);
    assertThatThrownBy(() -> service.createPort(MEMBER, bound))
        .hasMessageContaining("create_port:binding:host_id");
    assertThat(
            service
                .createPort(
                    ADMIN,
                    new PortCreate(
                        network.id(),
                        Optional.of(TENANT),
                        "",
                        "",
                        "",
                        "",
                        Optional.of("host-a"),
                        Optional.empty(),
                        List.of(),
                        true))
                .hostId())
        .isEqualTo("host-a");
  }

  @Test
  void inspectorSetsOnePortsDataPlaneAndRepeatsChangeNothing() {
    Port port = tenantPort();
    HostPortService hostPorts = service.hostPorts();
    assertThat(
            hostPorts.setPortDataPlaneStatus(
                port.id(), Optional.of(DataPlaneStatus.DOWN), Optional.empty()))
        .hasValueSatisfying(p -> assertThat(p.dataPlaneDown()).isTrue());
    assertThat(published).hasSize(2);
    assertThat(
            hostPorts.setPortDataPlaneStatus(
                port.id(), Optional.of(DataPlaneStatus.DOWN), Optional.empty()))
        .isEmpty();
    assertThat(published).hasSize(2);
    assertThatThrownBy(
            () ->
                hostPorts.setPortDataPlaneStatus(
                    new PortId("nope"), Optional.empty(), Optional.empty()))
        .hasMessageContaining("could not be found");
  }

  @Test
  void racingHostReportsChangeEachPortOnceAndPublishOneSetOfNotifications() throws Exception {
    InstancePorts instancePorts = service.hostPorts();
    List<NetworkId> networks = java.util.Collections.nCopies(20, network.id());
    database
        .transactor()
        .run(tx -> instancePorts.createServerPorts(tx, TENANT, "vm-1", "host-r", networks));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<List<Port>>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 2; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return service.setDataPlaneStatusOnHost(
                      ADMIN, new HostId("host-r"), Optional.of(DataPlaneStatus.DOWN), CAUSE);
                }));
      }
      go.countDown();
      int changed = 0;
      for (java.util.concurrent.Future<List<Port>> result : results) {
        changed += result.get().size();
      }
      assertThat(changed).isEqualTo(20);
      assertThat(published).hasSize(40);
      assertThat(service.listPorts(ADMIN, PortQuery.of(PortFilter.HOST_ID, "host-r")))
          .allSatisfy(
              port -> {
                assertThat(port.dataPlaneDown()).isTrue();
                assertThat(port.revisionNumber()).isEqualTo(2);
              });
    } finally {
      pool.shutdownNow();
    }
  }
}
