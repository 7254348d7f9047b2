-- Event evaluation is split into partitions (one RabbitMQ queue each); each partition is
-- consumed by exactly one live node, through a row that lasts as long as its node, as hosts are
-- watched (host_watch).
CREATE TABLE evaluation_partition (
    id      INTEGER     PRIMARY KEY,
    node_id VARCHAR(64) NOT NULL
);

CREATE INDEX evaluation_partition_node ON evaluation_partition (node_id);
