-- A fencing token for faults: node_id names the owner, and owner_epoch moves on each time a node
-- adopts the fault from a dead one. Every write of a fault's status or stamps, and every fence
-- attempt, is conditional on both, so a node paused past its lease (a zombie) cannot write a fault
-- another node has adopted, nor fence its host.
ALTER TABLE fault ADD COLUMN owner_epoch BIGINT NOT NULL DEFAULT 0;

-- The attempts to fence the fault's host, each recorded (node, time) before its fence command
-- ran: a node that adopts the fault knows a fence may already have happened. Kept apart from what
-- the holder's saves rewrite.
ALTER TABLE fault ADD COLUMN fence_attempts TEXT NOT NULL DEFAULT '[]';
