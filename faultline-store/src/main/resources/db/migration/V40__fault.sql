-- The fault timeline (Doctor profiler): one row per fault, rewritten as its stages are stamped.
CREATE TABLE fault (
    id               VARCHAR(64)  PRIMARY KEY,
    type             VARCHAR(32)  NOT NULL,
    hostname         VARCHAR(255) NOT NULL,
    port_id          VARCHAR(64),
    monitor          VARCHAR(255) NOT NULL,
    monitor_event_id VARCHAR(255),
    status           VARCHAR(16)  NOT NULL,
    message          VARCHAR(2048),
    reports          INTEGER      NOT NULL,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    stamps           TEXT         NOT NULL,
    affected         TEXT         NOT NULL
);

CREATE INDEX fault_received ON fault (received_at);
