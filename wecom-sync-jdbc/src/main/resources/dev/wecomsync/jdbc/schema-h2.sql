-- wecom-sync-jdbc schema for H2 2.x.
-- Table names start with the default prefix wecom_sync_; with another prefix, replace every
-- "wecom_sync_" below (JdbcSchema.script(dialect, prefix) does that for you).
-- Instants are epoch milliseconds (BIGINT) on the clock of the instance that wrote them.

-- JdbcTokenStore: one access token per (corpid, secret fingerprint), and who is refreshing it.
CREATE TABLE IF NOT EXISTS wecom_sync_token (
    corp_id            VARCHAR(64)   NOT NULL,
    secret_fingerprint VARCHAR(64)   NOT NULL,
    token_value        VARCHAR(2048),
    expires_at         BIGINT,
    refresh_owner      VARCHAR(64),
    refresh_until      BIGINT,
    version            BIGINT        NOT NULL,
    PRIMARY KEY (corp_id, secret_fingerprint)
);

-- JdbcEventDeduplicator: one row per callback event claimed or delivered.
CREATE TABLE IF NOT EXISTS wecom_sync_event (
    event_key   VARCHAR(128) NOT NULL,
    claim_token VARCHAR(64)  NOT NULL,
    delivered   SMALLINT     NOT NULL,
    expires_at  BIGINT       NOT NULL,
    PRIMARY KEY (event_key)
);
CREATE INDEX IF NOT EXISTS wecom_sync_event_expires ON wecom_sync_event (expires_at);

-- JdbcSyncLock: one row per held lock.
CREATE TABLE IF NOT EXISTS wecom_sync_lock (
    lock_name    VARCHAR(128) NOT NULL,
    owner        VARCHAR(64)  NOT NULL,
    lease_until  BIGINT       NOT NULL,
    acquired_at  BIGINT       NOT NULL,
    heartbeat_at BIGINT       NOT NULL,
    PRIMARY KEY (lock_name)
);

-- JdbcSyncStateStore: id -> fingerprint of what the target already has (Fingerprint.encoded(),
-- up to 255 ASCII characters) and, for departments, the parent id it was accepted with.
CREATE TABLE IF NOT EXISTS wecom_sync_state (
    scope       VARCHAR(64)  NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    entity_id   VARCHAR(255) NOT NULL,
    fingerprint VARCHAR(255) NOT NULL,
    parent_id   BIGINT,
    PRIMARY KEY (scope, kind, entity_id)
);

-- JdbcSyncStateStore (DeletionStateStore): deletions a full sync has not made yet; since is when a
-- run first found the record missing, reason one of DELAY, GUARD, UNCONFIRMED, CONFIRMATION_LIMIT.
-- The department scope of the last full sync is a row of wecom_sync_state with kind SCOPE.
CREATE TABLE IF NOT EXISTS wecom_sync_pending_deletion (
    scope         VARCHAR(64)   NOT NULL,
    kind          VARCHAR(16)   NOT NULL,
    entity_id     VARCHAR(255)  NOT NULL,
    missing_since BIGINT        NOT NULL,
    reason        VARCHAR(32)   NOT NULL,
    detail        VARCHAR(1000) NOT NULL,
    approved      SMALLINT      NOT NULL,
    PRIMARY KEY (scope, kind, entity_id)
);
