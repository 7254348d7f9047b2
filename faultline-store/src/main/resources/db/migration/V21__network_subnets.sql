-- Neutron IPv4 subnets of a network, and the addresses allocated from them to ports. The
-- allocation's primary key makes an address impossible to hand out twice; allocations lock their
-- subnet row first so that concurrent creates take turns instead of failing on it.
CREATE TABLE network_subnet (
    id               VARCHAR(64)   PRIMARY KEY,
    network_id       VARCHAR(64)   NOT NULL REFERENCES network_network (id),
    project_id       VARCHAR(64)   NOT NULL,
    name             VARCHAR(255)  NOT NULL,
    description      VARCHAR(1024) NOT NULL,
    cidr             VARCHAR(64)   NOT NULL,
    gateway_ip       VARCHAR(64),
    allocation_pools TEXT          NOT NULL,
    enable_dhcp      BOOLEAN       NOT NULL,
    dns_nameservers  TEXT          NOT NULL,
    revision_number  BIGINT        NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX network_subnet_network ON network_subnet (network_id);

CREATE TABLE network_ip_allocation (
    subnet_id  VARCHAR(64) NOT NULL REFERENCES network_subnet (id),
    ip_address VARCHAR(64) NOT NULL,
    port_id    VARCHAR(64) NOT NULL,
    PRIMARY KEY (subnet_id, ip_address)
);

CREATE INDEX network_ip_allocation_port ON network_ip_allocation (port_id);
