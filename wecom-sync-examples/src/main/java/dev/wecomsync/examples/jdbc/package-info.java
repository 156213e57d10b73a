/**
 * JDBC plumbing of the command-line tool: {@link dev.wecomsync.examples.jdbc.UrlDataSource}, a
 * data source from a JDBC URL. The directory mirror itself is {@code dev.wecomsync.jdbc.JdbcSyncTarget}
 * in {@code wecom-sync-jdbc}.
 */
package dev.wecomsync.examples.jdbc;
