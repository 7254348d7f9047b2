-- Every alarm created, changed or deleted, numbered in commit order: the one counter row is
-- locked by each change until its transaction commits, so a reader that sees change N has seen
-- every change before it. A node brings its alarm index up to the latest number before it
-- evaluates events (one range read on the key, empty when nothing changed); retention prunes the
-- log.
CREATE TABLE alarm_change_counter (
    id  INTEGER PRIMARY KEY,
    seq BIGINT  NOT NULL
);

INSERT INTO alarm_change_counter (id, seq) VALUES (1, 0);

CREATE TABLE alarm_change (
    seq        BIGINT       PRIMARY KEY,
    alarm_id   VARCHAR(64)  NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX alarm_change_changed ON alarm_change (changed_at);
