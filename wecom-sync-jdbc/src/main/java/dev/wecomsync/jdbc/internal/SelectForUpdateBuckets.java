package dev.wecomsync.jdbc.internal;

import dev.wecomsync.jdbc.JdbcStoreException;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.AbstractSelectForUpdateBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.LockAndGetResult;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.SelectForUpdateBasedTransaction;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Bucket4j buckets in a table ({@code id}, {@code state}) of a database that Bucket4j has no JDBC
 * module for here: MySQL and MariaDB (InnoDB) and H2. Each operation is one transaction that locks
 * the bucket's row with {@code SELECT ... FOR UPDATE}, as Bucket4j's own PostgreSQL module does.
 */
public final class SelectForUpdateBuckets extends AbstractSelectForUpdateBasedProxyManager<String> {

    private final DataSource dataSource;
    private final String select;
    private final String insert;
    private final String update;
    private final String delete;

    public SelectForUpdateBuckets(DataSource dataSource, String table, ClientSideConfig config) {
        super(config);
        this.dataSource = dataSource;
        this.select = "SELECT state FROM " + table + " WHERE id = ? FOR UPDATE";
        this.insert = "INSERT INTO " + table + " (id, state) VALUES (?, NULL)";
        this.update = "UPDATE " + table + " SET state = ? WHERE id = ?";
        this.delete = "DELETE FROM " + table + " WHERE id = ?";
    }

    @Override
    protected SelectForUpdateBasedTransaction allocateTransaction(String key, Optional<Long> timeoutNanos) {
        return new Transaction(key);
    }

    @Override
    public void removeProxy(String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(delete)) {
            if (!c.getAutoCommit()) c.setAutoCommit(true);
            s.setString(1, key);
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("remove", e);
        }
    }

    @Override
    public boolean isExpireAfterWriteSupported() {
        return false;
    }

    private static JdbcStoreException failure(String what, SQLException e) {
        return new JdbcStoreException("JdbcRateLimiter: " + what + " failed (SQLState " + e.getSQLState() + ")", e);
    }

    private final class Transaction implements SelectForUpdateBasedTransaction {
        private final String key;
        private Connection connection;
        private boolean autoCommit;

        Transaction(String key) {
            this.key = key;
        }

        @Override
        public void begin(Optional<Long> timeoutNanos) {
            try {
                connection = dataSource.getConnection();
                autoCommit = connection.getAutoCommit();
                if (autoCommit) connection.setAutoCommit(false);
            } catch (SQLException e) {
                release();
                throw failure("begin", e);
            }
        }

        @Override
        public LockAndGetResult tryLockAndGet(Optional<Long> timeoutNanos) {
            try (PreparedStatement s = connection.prepareStatement(select)) {
                applyTimeout(s, timeoutNanos);
                s.setString(1, key);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? LockAndGetResult.locked(r.getBytes(1)) : LockAndGetResult.notLocked();
                }
            } catch (SQLException e) {
                throw failure("lock", e);
            }
        }

        @Override
        public boolean tryInsertEmptyData(Optional<Long> timeoutNanos) {
            try (PreparedStatement s = connection.prepareStatement(insert)) {
                applyTimeout(s, timeoutNanos);
                s.setString(1, key);
                return s.executeUpdate() == 1;
            } catch (SQLException e) {
                if (Database.isDuplicateKey(e)) return false; // another instance inserted it first
                throw failure("insert", e);
            }
        }

        @Override
        public void update(byte[] data, RemoteBucketState newState, Optional<Long> timeoutNanos) {
            try (PreparedStatement s = connection.prepareStatement(update)) {
                applyTimeout(s, timeoutNanos);
                s.setBytes(1, data);
                s.setString(2, key);
                s.executeUpdate();
            } catch (SQLException e) {
                throw failure("update", e);
            }
        }

        @Override
        public void commit(Optional<Long> timeoutNanos) {
            try {
                connection.commit();
            } catch (SQLException e) {
                throw failure("commit", e);
            }
        }

        @Override
        public void rollback() {
            try {
                connection.rollback();
            } catch (SQLException e) {
                throw failure("rollback", e);
            }
        }

        @Override
        public void release() {
            if (connection == null) return;
            try {
                Database.restoreAutoCommit(connection, autoCommit);
                connection.close();
            } catch (SQLException ignored) {
                // The pool validates connections; a broken one is dropped there.
            } finally {
                connection = null;
            }
        }
    }
}
