package io.faultline.server.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.bus.Bus;
import io.faultline.bus.OutboxRelay;
import io.faultline.doctor.FaultLog;
import io.faultline.identity.IdentityService;
import io.faultline.policy.Policy;
import io.faultline.server.config.FaultlineConfig;
import io.faultline.store.Database;
import io.faultline.tx.Transactor;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;

/** What every component is built from. */
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
    Lifecycle lifecycle) {}
