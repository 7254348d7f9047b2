-- Neutron-compatible networks and ports. Portable SQL: runs unchanged on H2 and PostgreSQL.
CREATE TABLE network_network (
    id              VARCHAR(64)   PRIMARY KEY,
    name            VARCHAR(255)  NOT NULL,
    description     VARCHAR(1024) NOT NULL,
    project_id      VARCHAR(64)   NOT NULL,
    shared          BOOLEAN       NOT NULL,
    admin_state_up  BOOLEAN       NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    revision_number BIGINT        NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX network_network_project ON network_network (project_id);

-- host_id is '' when unbound (as Neutron shows it); data_plane_status NULL when nothing reported.
-- fixed_ips is a JSON array of {subnet_id, ip_address}: it is only ever read with its port.
CREATE TABLE network_port (
    id                VARCHAR(64)   PRIMARY KEY,
    name              VARCHAR(255)  NOT NULL,
    description       VARCHAR(1024) NOT NULL,
    network_id        VARCHAR(64)   NOT NULL REFERENCES network_network (id),
    project_id        VARCHAR(64)   NOT NULL,
    device_id         VARCHAR(255)  NOT NULL,
    device_owner      VARCHAR(255)  NOT NULL,
    host_id           VARCHAR(255)  NOT NULL,
    mac_address       VARCHAR(32)   NOT NULL,
    fixed_ips         TEXT          NOT NULL,
    admin_state_up    BOOLEAN       NOT NULL,
    status            VARCHAR(16)   NOT NULL,
    data_plane_status VARCHAR(16),
    revision_number   BIGINT        NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The inspector finds a failed host's ports through this index; compute a server's by device.
CREATE INDEX network_port_host ON network_port (host_id);
CREATE INDEX network_port_device ON network_port (device_id);
CREATE INDEX network_port_network ON network_port (network_id);
CREATE INDEX network_port_project ON network_port (project_id);
