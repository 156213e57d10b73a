/**
 * wecom-sync on the host's own relational database (H2, PostgreSQL, MySQL or MariaDB) through plain
 * JDBC: a ready-made mirror of the directory, and shared state for running on several instances.
 *
 * <ul>
 *   <li>{@link dev.wecomsync.jdbc.JdbcSyncTarget}: a {@code SyncTarget} that keeps departments, users
 *       and memberships in five tables of their own, with the sync state in the same transactions;
 *   <li>{@link dev.wecomsync.jdbc.JdbcTokenStore}: one access token per secret for the whole cluster;
 *   <li>{@link dev.wecomsync.jdbc.JdbcEventInbox}: callback events stored before they are answered,
 *       applied by any instance, retried until applied, de-duplicated across the cluster;
 *   <li>{@link dev.wecomsync.jdbc.JdbcEventDeduplicator} (deprecated: use the inbox): a callback
 *       retry that reaches another instance is not delivered twice;
 *   <li>{@link dev.wecomsync.jdbc.JdbcSyncLock}: one full sync at a time, with a lease that outlives
 *       a dead holder only briefly;
 *   <li>{@link dev.wecomsync.jdbc.JdbcSyncStateStore}: the engine's id → fingerprint state;
 *   <li>{@link dev.wecomsync.jdbc.JdbcSyncHistory}: what each full sync did, run by run and record
 *       by record, kept for a configurable while.
 * </ul>
 *
 * <p>{@link dev.wecomsync.jdbc.JdbcSchema} holds the table scripts. Everything under
 * {@code dev.wecomsync.jdbc.internal} is not API.
 */
package dev.wecomsync.jdbc;
