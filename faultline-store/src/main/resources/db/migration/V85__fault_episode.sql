-- One fault per episode across every process sharing the database: the latest fault of each
-- subject (a host, a port, a link), which a repeat report merges into while it is open or handled.
-- The row is locked while a report is decided, so two nodes that each receive a report of one host
-- open one fault between them.
CREATE TABLE fault_episode (
    subject  VARCHAR(320) PRIMARY KEY,
    fault_id VARCHAR(64)  NOT NULL
);

CREATE INDEX fault_episode_fault ON fault_episode (fault_id);
