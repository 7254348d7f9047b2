-- Flavors, bootstrapped with Nova's historical m1.* five; admins add and delete others. Instances
-- copy their flavor's size onto their own row, so deleting a flavor leaves its servers intact.
-- extra_specs is a JSON object of string to string, only ever read and written whole.
CREATE TABLE compute_flavor (
    id           VARCHAR(255) PRIMARY KEY,
    name         VARCHAR(255) NOT NULL UNIQUE,
    vcpus        INTEGER      NOT NULL,
    memory_mb    INTEGER      NOT NULL,
    disk_gb      INTEGER      NOT NULL,
    ephemeral_gb INTEGER      NOT NULL,
    swap_mb      INTEGER      NOT NULL,
    rxtx_factor  DOUBLE PRECISION NOT NULL,
    is_public    BOOLEAN      NOT NULL,
    extra_specs  TEXT         NOT NULL
);

INSERT INTO compute_flavor VALUES ('1', 'm1.tiny', 1, 512, 1, 0, 0, 1.0, TRUE, '{}');
INSERT INTO compute_flavor VALUES ('2', 'm1.small', 1, 2048, 20, 0, 0, 1.0, TRUE, '{}');
INSERT INTO compute_flavor VALUES ('3', 'm1.medium', 2, 4096, 40, 0, 0, 1.0, TRUE, '{}');
INSERT INTO compute_flavor VALUES ('4', 'm1.large', 4, 8192, 80, 0, 0, 1.0, TRUE, '{}');
INSERT INTO compute_flavor VALUES ('5', 'm1.xlarge', 8, 16384, 160, 0, 0, 1.0, TRUE, '{}');

-- Which projects may use a private flavor.
CREATE TABLE compute_flavor_access (
    flavor_id  VARCHAR(255) NOT NULL REFERENCES compute_flavor (id) ON DELETE CASCADE,
    project_id VARCHAR(64)  NOT NULL,
    PRIMARY KEY (flavor_id, project_id)
);
