/**
 * A {@link dev.wecomsync.sync.SyncTarget} on a relational database: {@link
 * dev.wecomsync.examples.jdbc.JdbcSyncTarget} writes departments, users and memberships to H2,
 * PostgreSQL or MariaDB/MySQL, and keeps the sync state in the same transactions.
 */
package dev.wecomsync.examples.jdbc;
