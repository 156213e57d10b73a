-- wecom-sync-jdbc schema for MySQL 8+ and MariaDB 10.5+ (InnoDB).
-- Table names start with the default prefix wecom_sync_; with another prefix, replace every
-- "wecom_sync_" below (JdbcSchema.script(dialect, prefix) does that for you).
-- Instants are epoch milliseconds (BIGINT) on the clock of the instance that wrote them.
-- Keys use a binary collation: userids and event keys compare exactly, as in Java.

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
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- JdbcEventDeduplicator: one row per callback event claimed or delivered.
CREATE TABLE IF NOT EXISTS wecom_sync_event (
    event_key   VARCHAR(128) NOT NULL,
    claim_token VARCHAR(64)  NOT NULL,
    delivered   SMALLINT     NOT NULL,
    expires_at  BIGINT       NOT NULL,
    PRIMARY KEY (event_key),
    INDEX wecom_sync_event_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- JdbcSyncLock: one row per held lock.
CREATE TABLE IF NOT EXISTS wecom_sync_lock (
    lock_name    VARCHAR(128) NOT NULL,
    owner        VARCHAR(64)  NOT NULL,
    lease_until  BIGINT       NOT NULL,
    acquired_at  BIGINT       NOT NULL,
    heartbeat_at BIGINT       NOT NULL,
    PRIMARY KEY (lock_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- JdbcSyncStateStore: id -> fingerprint of what the target already has (Fingerprint.encoded(),
-- up to 255 ASCII characters) and, for departments, the parent id it was accepted with.
CREATE TABLE IF NOT EXISTS wecom_sync_state (
    scope       VARCHAR(64)  NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    entity_id   VARCHAR(255) NOT NULL,
    fingerprint VARCHAR(255) NOT NULL,
    parent_id   BIGINT,
    PRIMARY KEY (scope, kind, entity_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- JdbcEventInbox: callback events between WeCom's request and the listener, one row per event key
-- (state 0 pending, 1 applied, 2 parked); seq is the arrival order; payload (the decrypted event)
-- is cleared once applied, and applied rows are purged after the retention.
CREATE TABLE IF NOT EXISTS wecom_sync_inbox (
    seq             BIGINT        NOT NULL AUTO_INCREMENT,
    event_key       CHAR(64)      NOT NULL,
    state           SMALLINT      NOT NULL,
    payload         MEDIUMTEXT,
    order_key1      VARCHAR(100),
    order_key2      VARCHAR(100),
    received_at     BIGINT        NOT NULL,
    next_attempt_at BIGINT        NOT NULL,
    attempts        INT           NOT NULL,
    last_error      VARCHAR(1000) NOT NULL,
    lease_token     VARCHAR(64),
    lease_until     BIGINT,
    applied_at      BIGINT,
    PRIMARY KEY (seq),
    UNIQUE KEY wecom_sync_inbox_key (event_key),
    INDEX wecom_sync_inbox_due (state, seq),
    INDEX wecom_sync_inbox_order1 (order_key1),
    INDEX wecom_sync_inbox_order2 (order_key2)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

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
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- JdbcRateLimiter: one Bucket4j token bucket per (corpid, API), id "corpid/api"; state is
-- Bucket4j's serialized bucket, NULL until its first call.
CREATE TABLE IF NOT EXISTS wecom_sync_rate (
    id    VARCHAR(255)    NOT NULL,
    state VARBINARY(4096),
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- JdbcSyncHistory: one row per recorded full sync (seq is the recording order) with its counts;
-- its failures and its changes (ids, types, field names, reasons: never field values) in the two
-- tables after it, keyed by run_id. The retention deletes a run's rows from all three together.
CREATE TABLE IF NOT EXISTS wecom_sync_run (
    seq                    BIGINT      NOT NULL AUTO_INCREMENT,
    run_id                 VARCHAR(64) NOT NULL,
    scope                  VARCHAR(64) NOT NULL,
    started_at             BIGINT      NOT NULL,
    finished_at            BIGINT      NOT NULL,
    outcome                VARCHAR(16) NOT NULL,
    dry_run                SMALLINT    NOT NULL,
    plan                   VARCHAR(32) NOT NULL,
    plan_reason            TEXT NOT NULL,
    departments_created    INT         NOT NULL,
    departments_updated    INT         NOT NULL,
    departments_unchanged  INT         NOT NULL,
    departments_renamed    INT         NOT NULL,
    departments_deleted    INT         NOT NULL,
    departments_held_back  INT         NOT NULL,
    departments_failed     INT         NOT NULL,
    users_created          INT         NOT NULL,
    users_updated          INT         NOT NULL,
    users_unchanged        INT         NOT NULL,
    users_renamed          INT         NOT NULL,
    users_deleted          INT         NOT NULL,
    users_held_back        INT         NOT NULL,
    users_failed           INT         NOT NULL,
    deletions_withheld     TEXT,
    notices                TEXT,
    changes_kept           INT         NOT NULL,
    changes_left_out       INT         NOT NULL,
    changes_truncated      SMALLINT    NOT NULL,
    failures_left_out      INT         NOT NULL,
    PRIMARY KEY (seq),
    UNIQUE KEY wecom_sync_run_id (run_id),
    INDEX wecom_sync_run_scope (scope, started_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS wecom_sync_run_change (
    run_id         VARCHAR(64)   NOT NULL,
    seq            INT           NOT NULL,
    kind           VARCHAR(16)   NOT NULL,
    change_type    VARCHAR(16)   NOT NULL,
    entity_id      VARCHAR(255)  NOT NULL,
    previous_id    VARCHAR(255),
    changed_fields VARCHAR(1000) NOT NULL,
    reason         VARCHAR(1000),
    PRIMARY KEY (run_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS wecom_sync_run_failure (
    run_id    VARCHAR(64)   NOT NULL,
    seq       INT           NOT NULL,
    kind      VARCHAR(16)   NOT NULL,
    operation VARCHAR(128)  NOT NULL,
    reason    VARCHAR(1000) NOT NULL,
    ids       MEDIUMTEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
