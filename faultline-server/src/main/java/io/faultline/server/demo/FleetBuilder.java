package io.faultline.server.demo;

import io.faultline.alarm.Alarm;
import io.faultline.alarm.AlarmId;
import io.faultline.alarm.AlarmState;
import io.faultline.alarm.AlarmType;
import io.faultline.alarm.EventRule;
import io.faultline.alarm.QueryOp;
import io.faultline.alarm.QueryTerm;
import io.faultline.alarm.Severity;
import io.faultline.alarm.ValueType;
import io.faultline.compute.ComputeHost;
import io.faultline.compute.Flavor;
import io.faultline.compute.Image;
import io.faultline.compute.Instance;
import io.faultline.compute.InstanceId;
import io.faultline.compute.PowerState;
import io.faultline.compute.ServiceId;
import io.faultline.compute.ServiceStatus;
import io.faultline.compute.VmState;
import io.faultline.network.Network;
import io.faultline.network.NetworkId;
import io.faultline.network.Port;
import io.faultline.network.PortId;
import io.faultline.network.PortStatus;
import io.faultline.store.Database;
import io.faultline.store.JdbiAlarmStore;
import io.faultline.store.JdbiComputeStore;
import io.faultline.store.JdbiNetworkStore;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes a fleet straight into the store, in batched statements, without the APIs: hosts, one
 * instance per slot with a bound port, and one event alarm per instance whose action is {@code
 * webhook}. It is what the APIs would have written (same records, same stores), minus the
 * notifications, so that a million-instance fleet takes minutes rather than hours.
 */
final class FleetBuilder {
  static final int PROJECTS = 1000;
  private static final int HOSTS_PER_TRANSACTION = 20;

  private final Database database;
  private final JdbiComputeStore compute = new JdbiComputeStore();
  private final JdbiNetworkStore network = new JdbiNetworkStore();
  private final JdbiAlarmStore alarms = new JdbiAlarmStore();

  FleetBuilder(Database database) {
    this.database = database;
  }

  static String host(int i) {
    return "fleet-%05d".formatted(i);
  }

  static String project(int hostIndex) {
    return "project-" + (hostIndex % PROJECTS);
  }

  void build(int hosts, int instancesPerHost, String webhook, PrintStream progress) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    NetworkId networkId = new NetworkId(UUID.randomUUID().toString());
    database
        .transactor()
        .run(
            tx ->
                network.insertNetwork(
                    tx,
                    new Network(
                        networkId,
                        "fleet-net",
                        "",
                        project(0),
                        true,
                        true,
                        Network.ACTIVE,
                        1,
                        now,
                        now)));
    long started = System.nanoTime();
    for (int first = 0; first < hosts; first += HOSTS_PER_TRANSACTION) {
      int from = first;
      int to = Math.min(hosts, first + HOSTS_PER_TRANSACTION);
      database
          .transactor()
          .run(
              tx -> {
                List<Alarm> fleetAlarms = new ArrayList<>((to - from) * instancesPerHost);
                for (int h = from; h < to; h++) {
                  String host = host(h);
                  compute.insertHost(
                      tx,
                      new ComputeHost(
                          ServiceId.random(),
                          host,
                          ComputeHost.COMPUTE_BINARY,
                          ServiceStatus.ENABLED,
                          Optional.empty(),
                          false,
                          now,
                          now,
                          now,
                          instancesPerHost * 2,
                          instancesPerHost * 4096L,
                          Optional.empty()));
                  List<Instance> instances = new ArrayList<>(instancesPerHost);
                  List<Port> ports = new ArrayList<>(instancesPerHost);
                  for (int n = 0; n < instancesPerHost; n++) {
                    Instance instance = instance(host, project(h), n, now);
                    instances.add(instance);
                    ports.add(port(networkId, instance, now));
                  }
                  compute.insertInstances(tx, instances);
                  network.insertPorts(tx, ports);
                  for (Instance instance : instances) {
                    fleetAlarms.add(alarm(instance, webhook, now));
                  }
                }
                alarms.insertAll(tx, fleetAlarms);
              });
      if ((to / HOSTS_PER_TRANSACTION) % 50 == 0 || to == hosts) {
        double seconds = (System.nanoTime() - started) / 1e9;
        progress.printf(
            "  %,d of %,d hosts written (%,d instances, ports and alarms each) in %.0f s%n",
            to, hosts, (long) to * instancesPerHost, seconds);
      }
    }
  }

  private static Instance instance(String host, String project, int n, Instant now) {
    return new Instance(
        InstanceId.random(),
        host + "-vnf-" + n,
        project,
        "fleet-user",
        host,
        Flavor.STANDARD.get(0),
        Image.CIRROS.id(),
        VmState.ACTIVE,
        PowerState.RUNNING,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        now,
        now,
        Optional.of(now),
        Optional.empty());
  }

  private static Port port(NetworkId networkId, Instance instance, Instant now) {
    byte[] mac = new byte[6];
    long bits = UUID.randomUUID().getLeastSignificantBits();
    for (int i = 1; i < 6; i++) {
      mac[i] = (byte) (bits >>> (8 * i));
    }
    mac[0] = (byte) 0xfa; // locally administered, as Neutron's base_mac
    return new Port(
        new PortId(UUID.randomUUID().toString()),
        "",
        "",
        networkId,
        instance.projectId(),
        instance.id().value(),
        "compute:nova",
        instance.host(),
        HexFormat.ofDelimiter(":").formatHex(mac),
        List.of(),
        true,
        PortStatus.ACTIVE,
        Optional.empty(),
        1,
        now,
        now);
  }

  private static Alarm alarm(Instance instance, String webhook, Instant now) {
    EventRule rule =
        EventRule.of(
            "compute.instance.update",
            List.of(
                QueryTerm.of(
                    "traits.instance_id", QueryOp.EQ, ValueType.STRING, instance.id().value()),
                QueryTerm.of("traits.state", QueryOp.EQ, ValueType.STRING, "stopped")));
    return new Alarm(
        AlarmId.next(),
        instance.name() + "-down",
        "",
        AlarmType.EVENT,
        rule,
        true,
        AlarmState.INSUFFICIENT_DATA,
        "Not evaluated yet",
        Severity.CRITICAL,
        List.of(),
        List.of(webhook),
        List.of(),
        true,
        List.of(),
        instance.projectId(),
        "fleet-user",
        Optional.empty(),
        now,
        now);
  }
}
