-- Keystone-compatible identity. Portable SQL: runs unchanged on H2 and PostgreSQL.
CREATE TABLE identity_domain (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(255) NOT NULL UNIQUE,
    description VARCHAR(1024) NOT NULL,
    enabled     BOOLEAN      NOT NULL
);

CREATE TABLE identity_project (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    domain_id   VARCHAR(64)  NOT NULL REFERENCES identity_domain (id),
    description VARCHAR(1024) NOT NULL,
    enabled     BOOLEAN      NOT NULL,
    CONSTRAINT identity_project_name_unique UNIQUE (domain_id, name)
);

CREATE TABLE identity_user (
    id                 VARCHAR(64)  PRIMARY KEY,
    name               VARCHAR(255) NOT NULL,
    domain_id          VARCHAR(64)  NOT NULL REFERENCES identity_domain (id),
    default_project_id VARCHAR(64),
    email              VARCHAR(255),
    description        VARCHAR(1024) NOT NULL,
    enabled            BOOLEAN      NOT NULL,
    password_hash      VARCHAR(128),
    CONSTRAINT identity_user_name_unique UNIQUE (domain_id, name)
);

CREATE TABLE identity_role (
    id   VARCHAR(64)  PRIMARY KEY,
    name VARCHAR(255) NOT NULL UNIQUE
);

CREATE TABLE identity_assignment (
    user_id    VARCHAR(64) NOT NULL REFERENCES identity_user (id) ON DELETE CASCADE,
    project_id VARCHAR(64) NOT NULL REFERENCES identity_project (id) ON DELETE CASCADE,
    role_id    VARCHAR(64) NOT NULL REFERENCES identity_role (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, project_id, role_id)
);

CREATE TABLE identity_token (
    secret_hash VARCHAR(64) PRIMARY KEY,
    user_id     VARCHAR(64) NOT NULL REFERENCES identity_user (id) ON DELETE CASCADE,
    project_id  VARCHAR(64) REFERENCES identity_project (id) ON DELETE CASCADE,
    issued_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    audit_id    VARCHAR(64) NOT NULL
);

CREATE INDEX identity_token_expires ON identity_token (expires_at);
