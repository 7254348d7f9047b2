-- Several processes on one database. Each registers a node and renews its lease; a node whose
-- lease has expired is dead, and what it owned (watched hosts, outbox batches, pending
-- deliveries, unfinished faults) is taken over by a live node. Rows written by a single process
-- (no cluster) carry no node and belong to whoever runs.
CREATE TABLE cluster_node (
    id         VARCHAR(64)  PRIMARY KEY,
    address    VARCHAR(255) NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Each host is watched by the heartbeat monitor of exactly one node.
CREATE TABLE host_watch (
    host    VARCHAR(255) PRIMARY KEY,
    node_id VARCHAR(64)  NOT NULL
);

CREATE INDEX host_watch_node ON host_watch (node_id);

ALTER TABLE outbox_batch ADD COLUMN node_id VARCHAR(64);
ALTER TABLE alarm_delivery ADD COLUMN node_id VARCHAR(64);
ALTER TABLE fault ADD COLUMN node_id VARCHAR(64);
