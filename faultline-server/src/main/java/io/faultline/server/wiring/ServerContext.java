package io.faultline.server.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.bus.Bus;
import io.faultline.bus.OutboxRelay;
import io.faultline.cluster.ClusterChannel;
import io.faultline.cluster.NodeId;
import io.faultline.doctor.FaultLog;
import io.faultline.identity.IdentityService;
import io.faultline.policy.Policy;
import io.faultline.server.config.FaultlineConfig;
import io.faultline.store.Database;
import io.faultline.tx.Transactor;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.Optional;

/**
 * What every component is built from. {@code node} is this process's id when it is one node of a
 * cluster, and {@code cluster} the channel on which it tells the other nodes of changes ({@link
 * ClusterChannel#ALONE} otherwise).
 */
public record ServerContext(
    FaultlineConfig config,
    Database database,
    Transactor transactor,
    OutboxRelay outbox,
    FaultLog faults,
    Bus bus,
    Policy policy,
    InstantSource clock,
    IdentityService identity,
    ObjectMapper mapper,
    MeterRegistry meterRegistry,
    Lifecycle lifecycle,
    Optional<NodeId> node,
    ClusterChannel cluster) {
  /** Whether this process is one node of several. */
  public boolean clustered() {
    return node.isPresent();
  }
}
