-- Neutron security groups and their rules, kept for the clients and templates that manage them (a
-- VNF's Heat template, `openstack security group rule create`). Faultline enforces no traffic
-- filtering: it has no data plane of its own.
CREATE TABLE network_security_group (
    id              VARCHAR(64)   PRIMARY KEY,
    project_id      VARCHAR(64)   NOT NULL,
    name            VARCHAR(255)  NOT NULL,
    description     VARCHAR(255)  NOT NULL,
    revision_number BIGINT        NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX network_security_group_project ON network_security_group (project_id);

-- Each project's group named "default", made on the project's first use of the API; the key keeps
-- it one per project when two first requests race, as Neutron's default_security_group does.
CREATE TABLE network_default_security_group (
    project_id        VARCHAR(64) PRIMARY KEY,
    security_group_id VARCHAR(64) NOT NULL REFERENCES network_security_group (id)
);

-- A rule belongs to its group; one that names another group as its remote goes with either.
CREATE TABLE network_security_group_rule (
    id                VARCHAR(64)  PRIMARY KEY,
    security_group_id VARCHAR(64)  NOT NULL REFERENCES network_security_group (id),
    project_id        VARCHAR(64)  NOT NULL,
    direction         VARCHAR(16)  NOT NULL,
    ethertype         VARCHAR(16)  NOT NULL,
    protocol          VARCHAR(40),
    port_range_min    INTEGER,
    port_range_max    INTEGER,
    remote_ip_prefix  VARCHAR(64),
    remote_group_id   VARCHAR(64)  REFERENCES network_security_group (id),
    description       VARCHAR(255) NOT NULL,
    revision_number   BIGINT       NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX network_security_group_rule_group ON network_security_group_rule (security_group_id);
CREATE INDEX network_security_group_rule_remote ON network_security_group_rule (remote_group_id);
CREATE INDEX network_security_group_rule_project ON network_security_group_rule (project_id);
