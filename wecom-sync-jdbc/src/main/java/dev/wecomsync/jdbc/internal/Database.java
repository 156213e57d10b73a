package dev.wecomsync.jdbc.internal;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.jdbc.JdbcStoreException;
import dev.wecomsync.jdbc.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The host's {@link DataSource} as the stores use it: one connection per operation, either in
 * auto-commit mode (each statement stands alone) or in one transaction, with the connection's own
 * auto-commit setting restored before it goes back to the pool. Knows the SQL that differs between
 * dialects, and turns {@link SQLException}s into {@link JdbcStoreException}s that name the store,
 * the operation and the table.
 */
public final class Database {

    /** Work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Sets the parameters of a statement. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private final DataSource dataSource;
    private final String store;
    private volatile SqlDialect dialect;

    /** {@code dialect} may be null: it is then detected on first use. */
    public Database(DataSource dataSource, SqlDialect dialect, String store) {
        this.dataSource = requireNonNull(dataSource, "dataSource == null");
        this.dialect = dialect;
        this.store = store;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public SqlDialect dialect() {
        SqlDialect d = dialect;
        if (d == null) {
            d = SqlDialect.detect(dataSource);
            dialect = d;
        }
        return d;
    }

    /** Runs {@code work} with auto-commit on: every statement commits by itself. */
    public <T> T run(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            try {
                if (!autoCommit) connection.setAutoCommit(true);
                return work.run(connection);
            } finally {
                restoreAutoCommit(connection, autoCommit);
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /** Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. */
    public <T> T transaction(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            try {
                if (autoCommit) connection.setAutoCommit(false);
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                restoreAutoCommit(connection, autoCommit);
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /**
     * Runs an {@code INSERT} that may hit an existing primary key; true when it inserted a row,
     * false when the key was taken. Needs auto-commit (a failed statement ends a PostgreSQL
     * transaction), so PostgreSQL gets {@code ON CONFLICT DO NOTHING} and never fails.
     */
    public boolean insertIfAbsent(Connection connection, String insertSql, Binder binder) throws SQLException {
        String sql = dialect() == SqlDialect.POSTGRESQL ? insertSql + " ON CONFLICT DO NOTHING" : insertSql;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            if (isDuplicateKey(e)) return false;
            throw e;
        }
    }

    /**
     * An insert-or-replace of one row by its key: the values of {@code keyColumns} then
     * {@code valueColumns} are the parameters, in that order.
     */
    public String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
        List<String> all = new java.util.ArrayList<>(keyColumns);
        all.addAll(valueColumns);
        String columns = String.join(", ", all);
        String marks = all.stream().map(c -> "?").collect(Collectors.joining(", "));
        return switch (dialect()) {
            case H2 -> "MERGE INTO " + table + " (" + columns + ") KEY (" + String.join(", ", keyColumns)
                    + ") VALUES (" + marks + ")";
            case POSTGRESQL -> "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ") ON CONFLICT ("
                    + String.join(", ", keyColumns) + ") DO UPDATE SET "
                    + valueColumns.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
            case MYSQL -> "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ") ON DUPLICATE KEY UPDATE "
                    + valueColumns.stream().map(c -> c + " = VALUES(" + c + ")").collect(Collectors.joining(", "));
        };
    }

    /**
     * The database's clock in epoch milliseconds, so that leases do not depend on the clocks of the
     * instances: one {@code SELECT} of the dialect's current-time expression.
     */
    public long currentTimeMillis(String operation) {
        return run(operation, this::currentTimeMillis);
    }

    /** {@link #currentTimeMillis(String)} on a connection the caller holds. */
    public long currentTimeMillis(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT " + currentTimeMillisSql());
                java.sql.ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The dialect's SQL expression for the database's now in epoch milliseconds, to use inside a statement. */
    public String currentTimeMillisSql() {
        return switch (dialect()) {
            case H2 -> "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)";
            case POSTGRESQL -> "CAST(EXTRACT(EPOCH FROM CLOCK_TIMESTAMP()) * 1000 AS BIGINT)";
            case MYSQL -> "CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS SIGNED)";
        };
    }

    /** A unique or primary key violation: SQLState 23505 (H2, PostgreSQL) or MySQL error 1062. */
    public static boolean isDuplicateKey(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if ("23505".equals(x.getSQLState()) || x.getErrorCode() == 1062) return true;
        }
        return false;
    }

    public static void restoreAutoCommit(Connection connection, boolean autoCommit) {
        try {
            if (connection.getAutoCommit() != autoCommit) connection.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // The pool validates connections; a broken one is dropped there.
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private JdbcStoreException failure(String operation, SQLException e) {
        return new JdbcStoreException(store + ": " + operation + " failed (SQLState " + e.getSQLState() + ")", e);
    }

    @Override
    public String toString() {
        SqlDialect d = dialect;
        return d == null ? "undetected" : d.name();
    }
}
