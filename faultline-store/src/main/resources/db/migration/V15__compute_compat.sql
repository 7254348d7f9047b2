-- What a server create or update may set beyond its size and image (Nova keeps these on the
-- instance row; here they live beside it so the host-down path's row stays narrow). metadata is a
-- JSON object of string to string: it is only ever read and written whole, with its server.
CREATE TABLE compute_server_detail (
    instance_id  VARCHAR(64)  PRIMARY KEY,
    access_ipv4  VARCHAR(64)  NOT NULL,
    access_ipv6  VARCHAR(64)  NOT NULL,
    disk_config  VARCHAR(16)  NOT NULL,
    description  VARCHAR(255),
    key_name     VARCHAR(255),
    metadata     TEXT         NOT NULL
);

-- What a host's agent reports about the host itself: its address (hypervisor host_ip), when it
-- booted and its load, for os-hypervisors and its uptime.
ALTER TABLE compute_service ADD COLUMN host_ip VARCHAR(64);
ALTER TABLE compute_service ADD COLUMN booted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE compute_service ADD COLUMN load_average VARCHAR(64);

-- Compute quotas: the default class and per-project (user_id '') or per-user overrides. A resource
-- without a row takes its limit from the level above (user -> project -> class -> built-in).
CREATE TABLE compute_quota_class (
    class_name  VARCHAR(255) NOT NULL,
    resource    VARCHAR(64)  NOT NULL,
    hard_limit  BIGINT       NOT NULL,
    PRIMARY KEY (class_name, resource)
);

CREATE TABLE compute_quota (
    project_id  VARCHAR(64)  NOT NULL,
    user_id     VARCHAR(64)  NOT NULL,
    resource    VARCHAR(64)  NOT NULL,
    hard_limit  BIGINT       NOT NULL,
    PRIMARY KEY (project_id, user_id, resource)
);

-- Key pairs belong to a user, named uniquely per user.
CREATE TABLE compute_keypair (
    user_id      VARCHAR(64)   NOT NULL,
    name         VARCHAR(255)  NOT NULL,
    key_type     VARCHAR(16)   NOT NULL,
    fingerprint  VARCHAR(128)  NOT NULL,
    public_key   TEXT          NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, name)
);
