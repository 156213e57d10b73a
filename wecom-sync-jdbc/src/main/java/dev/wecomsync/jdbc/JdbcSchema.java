package dev.wecomsync.jdbc;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.jdbc.internal.Database;
import dev.wecomsync.jdbc.internal.TablePrefix;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The tables of the JDBC stores, and the scripts that create them.
 *
 * <p>The jar ships one script per dialect ({@code dev/wecomsync/jdbc/schema-postgresql.sql},
 * {@code schema-mysql.sql} for MySQL and MariaDB, {@code schema-h2.sql}), written for the default
 * prefix {@value #DEFAULT_PREFIX}. Hosts that manage their schema with Flyway or Liquibase copy
 * the script of their database into a migration ({@link #script} gives it with another prefix);
 * others call {@link #create} or set {@code createTables(true)} on a store's builder. Every
 * statement is {@code CREATE ... IF NOT EXISTS}, so running a script twice does no harm.
 *
 * <h2>Tables</h2>
 * <ul>
 *   <li>{@code <prefix>token}: {@link JdbcTokenStore}, one row per corpid and secret fingerprint;
 *   <li>{@code <prefix>inbox}: {@link JdbcEventInbox}, one row per callback event stored and not yet purged;
 *   <li>{@code <prefix>event}: {@link JdbcEventDeduplicator} (deprecated), one row per recent callback event;
 *   <li>{@code <prefix>lock}: {@link JdbcSyncLock}, one row per held lock;
 *   <li>{@code <prefix>state}: {@link JdbcSyncStateStore}, one row per synced user or department;
 *   <li>{@code <prefix>pending_deletion}: {@link JdbcSyncStateStore}'s pending deletions, one row
 *       per record missing from WeCom's listing and not deleted yet;
 *   <li>{@code <prefix>rate}: {@link JdbcRateLimiter}, one Bucket4j bucket per corpid and API;
 *   <li>{@code <prefix>run}, {@code <prefix>run_change}, {@code <prefix>run_failure}:
 *       {@link JdbcSyncHistory}, one row per recorded full sync, per change and per failure it kept.
 * </ul>
 * Instants are stored as epoch milliseconds ({@code BIGINT}).
 */
public final class JdbcSchema {

    /** The table prefix unless a builder says otherwise. */
    public static final String DEFAULT_PREFIX = "wecom_sync_";

    private JdbcSchema() {}

    /**
     * The schema script of {@code dialect} with tables named {@code prefix + "token"} and so on.
     *
     * @throws IllegalArgumentException if {@code prefix} is not a plain SQL identifier
     */
    public static String script(SqlDialect dialect, String prefix) {
        requireNonNull(dialect, "dialect == null");
        String checked = TablePrefix.check(prefix);
        String resource = dialect.schemaResource();
        try (InputStream in = JdbcSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(DEFAULT_PREFIX, checked);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }

    /** The statements of {@link #script}, without comments. */
    public static List<String> statements(SqlDialect dialect, String prefix) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script(dialect, prefix).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) continue;
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) statements.add(current.toString().strip());
        return List.copyOf(statements);
    }

    /**
     * Creates the tables that do not exist yet, in the dialect detected from {@code dataSource}.
     *
     * @throws JdbcStoreException if a statement fails (for example when the user may not create tables)
     */
    public static void create(DataSource dataSource, String prefix) {
        requireNonNull(dataSource, "dataSource == null");
        create(dataSource, SqlDialect.detect(dataSource), prefix);
    }

    /**
     * Creates the tables that do not exist yet, in {@code dialect}. Instances that start together
     * may all call this: when one of them creates a table between another's check and its create
     * (PostgreSQL then reports a duplicate key, MySQL an existing table, H2 an existing index), the
     * loser runs that statement again, which then finds the table there. Every statement is
     * idempotent, so each is tried up to three times; a failure that persists (no permission to
     * create tables, say) is thrown.
     */
    public static void create(DataSource dataSource, SqlDialect dialect, String prefix) {
        requireNonNull(dataSource, "dataSource == null");
        List<String> statements = statements(dialect, prefix);
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            try (Statement statement = connection.createStatement()) {
                if (!autoCommit) connection.setAutoCommit(true);
                for (String sql : statements) {
                    execute(statement, sql);
                }
            } finally {
                Database.restoreAutoCommit(connection, autoCommit);
            }
        } catch (SQLException e) {
            throw new JdbcStoreException("could not create the wecom-sync tables with prefix " + prefix, e);
        }
    }

    private static void execute(Statement statement, String sql) throws SQLException {
        SQLException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                statement.execute(sql);
                return;
            } catch (SQLException e) {
                if (failure != null) e.addSuppressed(failure);
                failure = e;
            }
        }
        throw failure;
    }
}
