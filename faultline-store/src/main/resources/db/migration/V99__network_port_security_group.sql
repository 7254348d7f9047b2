-- The security groups of each port made through Neutron's API: the ones it asked for, else its
-- project's default group. A group in use by a port cannot be deleted.
CREATE TABLE network_port_security_group (
    port_id           VARCHAR(64) NOT NULL REFERENCES network_port (id),
    security_group_id VARCHAR(64) NOT NULL REFERENCES network_security_group (id),
    PRIMARY KEY (port_id, security_group_id)
);

CREATE INDEX network_port_security_group_group ON network_port_security_group (security_group_id);
